using Microsoft.AspNetCore.Http.Features;

namespace Connector.Web.Connect.Jwt;

/// <summary>The canonical qsh of a request as it arrived, for comparing with the qsh a product token carries.</summary>
static class RequestQsh
{
    /// <summary>Raw path (not decoded) and raw query, minus our base path.</summary>
    public static string Compute(HttpRequest request, Uri appBaseUri)
    {
        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget
            ?? request.PathBase + request.Path + request.QueryString;
        var queryStart = rawTarget.IndexOf('?');
        var rawPath = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var rawQuery = queryStart < 0 ? "" : rawTarget[(queryStart + 1)..];
        return QueryStringHash.Compute(request.Method, rawPath, rawQuery, appBaseUri.AbsolutePath);
    }
}
