using System.Collections.Concurrent;

namespace Connector.Sandbox.Entra;

/// <summary>
/// One Microsoft Entra ID directory: an app registration allowed to read users (with a good and an expired client
/// secret), one without the Graph permission, a group, and the access tokens handed out. Its users are the site's people.
/// </summary>
public sealed class EntraDirectory(string siteName, string directoryId)
{
    public string DirectoryId { get; } = directoryId;
    public string ClientId { get; } = $"00000000-0000-4000-a000-{Hex(siteName, 1)}";
    public string UnpermittedClientId { get; } = $"00000000-0000-4000-a000-{Hex(siteName, 2)}";
    public string ClientSecret { get; } = $"entra~secret~{siteName}";
    public string ExpiredClientSecret { get; } = $"entra~expired~{siteName}";

    /// <summary>Every third person of the site's data set is a member.</summary>
    public string GroupId { get; } = $"00000000-0000-4000-b000-{Hex(siteName, 3)}";

    readonly ConcurrentDictionary<string, bool> tokens = new();

    /// <summary>A bearer token names its site (so the fault knobs find it) and is valid until the directory forgets it.</summary>
    public string IssueToken(bool mayReadUsers)
    {
        var token = $"graph.{siteName}.{Guid.NewGuid():N}";
        tokens[token] = mayReadUsers;
        return token;
    }

    /// <summary>null: not a token of this directory; else whether it may read users.</summary>
    public bool? Permission(string? token) => token is not null && tokens.TryGetValue(token, out var may) ? may : null;

    /// <summary>Makes every token handed out so far lapse (as an hour passing would).</summary>
    public void ExpireTokens() => tokens.Clear();

    public static string? SiteOfToken(string? authorization) =>
        authorization is not null && authorization.StartsWith("Bearer graph.", StringComparison.Ordinal)
            ? authorization["Bearer graph.".Length..].Split('.')[0]
            : null;

    static string Hex(string seed, int kind) =>
        Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes($"{kind}:{seed}")))[..12];
}
