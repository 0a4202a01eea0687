using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Connector.Web.Connect.Jwt;

/// <summary>
/// Atlassian's query string hash (qsh): SHA-256 of "METHOD&amp;canonical-path&amp;canonical-query".
/// Parameters are grouped ordinally (so "a" and "A" stay apart, which Request.Query would merge),
/// values sorted and comma-joined, names sorted, everything RFC 3986-encoded, "jwt" left out.
/// Shared, as source, with the sandbox that plays the product.
/// </summary>
internal static class QueryStringHash
{
    public const string ContextQsh = "context-qsh";

    /// <param name="method">HTTP method, any case.</param>
    /// <param name="rawPath">The path as sent on the wire, not decoded.</param>
    /// <param name="rawQuery">The query string with or without its leading '?'.</param>
    /// <param name="basePath">The path part of the base URL to strip (an app's or a product's context path).</param>
    public static string Compute(string method, string rawPath, string? rawQuery, string? basePath = null) =>
        Hash(CanonicalRequest(method, rawPath, rawQuery, basePath));

    public static string ForUri(string method, Uri requestUri, Uri baseUri) =>
        Compute(method, requestUri.AbsolutePath, requestUri.Query, baseUri.AbsolutePath);

    public static string CanonicalRequest(string method, string rawPath, string? rawQuery, string? basePath = null) =>
        $"{method.ToUpperInvariant()}&{CanonicalPath(rawPath, basePath)}&{CanonicalQuery(rawQuery)}";

    public static string Hash(string canonicalRequest) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));

    static string CanonicalPath(string rawPath, string? basePath)
    {
        var path = rawPath;
        var prefix = (basePath ?? "").TrimEnd('/');
        // A context path is whole segments: /wiki is stripped from /wiki/rest/…, never from /wiki-pages/….
        if (prefix.Length > 0 && path.StartsWith(prefix, StringComparison.Ordinal) && (path.Length == prefix.Length || path[prefix.Length] == '/'))
            path = path[prefix.Length..];
        path = path.Replace("&", "%26");
        if (!path.StartsWith('/')) path = "/" + path;
        if (path.Length > 1 && path.EndsWith('/')) path = path[..^1];
        return path;
    }

    static string CanonicalQuery(string? rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery)) return "";
        var grouped = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in new QueryStringEnumerable(rawQuery))
        {
            var name = pair.DecodeName().ToString();
            if (name == "jwt") continue;
            if (!grouped.TryGetValue(name, out var values)) grouped[name] = values = [];
            values.Add(pair.DecodeValue().ToString());
        }
        return string.Join('&', grouped.Select(group =>
        {
            group.Value.Sort(StringComparer.Ordinal);
            return $"{Encode(group.Key)}={string.Join(',', group.Value.Select(Encode))}";
        }));
    }

    // Uri.EscapeDataString encodes exactly RFC 3986's reserved set: all but A-Z a-z 0-9 - . _ ~
    static string Encode(string value) => Uri.EscapeDataString(value);
}
