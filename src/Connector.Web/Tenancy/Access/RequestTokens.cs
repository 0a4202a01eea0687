namespace Connector.Web.Tenancy.Access;

/// <summary>Where our callers put their tokens: a header, the jwt query parameter, or a posted jwt form field.</summary>
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
            _ => throw new TokenRefusedException(TokenRefusal.AmbiguousToken),
        };
    }
}
