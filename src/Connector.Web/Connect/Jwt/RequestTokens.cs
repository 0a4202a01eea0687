using Microsoft.AspNetCore.Http.Features;

namespace Connector.Web.Connect.Jwt;

/// <summary>Where Connect puts tokens on a request, and the request's own canonical qsh.</summary>
static class RequestTokens
{
    /// <summary>
    /// The token from the Authorization header ("JWT x"), the jwt query parameter or a posted jwt form
    /// field. Two different tokens on one request are refused rather than guessed between.
    /// </summary>
    public static async Task<string?> ExtractAsync(HttpRequest request)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("JWT ", StringComparison.Ordinal)) found.Add(header[4..].Trim());
        if (request.Query.TryGetValue("jwt", out var fromQuery) && !string.IsNullOrEmpty(fromQuery)) found.Add(fromQuery.ToString());
        if (request.HasFormContentType && HttpMethods.IsPost(request.Method))
        {
            var form = await request.ReadFormAsync();
            if (form.TryGetValue("jwt", out var fromForm) && !string.IsNullOrEmpty(fromForm)) found.Add(fromForm.ToString());
        }
        return found.Count switch
        {
            0 => null,
            1 => found.First(),
            _ => throw new ConnectAuthException(ConnectAuthFailure.AmbiguousToken),
        };
    }

    /// <summary>The qsh of the request as it arrived: raw path (not decoded) and raw query, minus our base path.</summary>
    public static string ComputeQsh(HttpRequest request, Uri appBaseUri)
    {
        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget
            ?? request.PathBase + request.Path + request.QueryString;
        var queryStart = rawTarget.IndexOf('?');
        var rawPath = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var rawQuery = queryStart < 0 ? "" : rawTarget[(queryStart + 1)..];
        return QueryStringHash.Compute(request.Method, rawPath, rawQuery, appBaseUri.AbsolutePath);
    }
}
