using System.Collections.Concurrent;

namespace Connector.Sandbox.Forge;

/// <summary>
/// What Forge knows of the app on one site: whether it is installed, its installation id (new on every install,
/// as in reality), and the app system tokens it handed out, each valid until its expiry or until revoked.
/// </summary>
public sealed class ForgeInstallation
{
    readonly ConcurrentDictionary<string, DateTimeOffset> systemTokens = new(StringComparer.Ordinal);

    public bool Installed { get; private set; }
    public string? InstallationId { get; private set; }
    public string? CurrentSystemToken { get; private set; }

    public void Install()
    {
        if (!Installed) InstallationId = $"ari:cloud:ecosystem::installation/{Guid.NewGuid()}";
        Installed = true;
    }

    /// <summary>No event reaches a remote on uninstall; the tokens simply stop working.</summary>
    public void Uninstall()
    {
        Installed = false;
        RevokeTokens();
    }

    public void RevokeTokens()
    {
        systemTokens.Clear();
        CurrentSystemToken = null;
    }

    public void Remember(string token, DateTimeOffset expiresAt)
    {
        systemTokens[token] = expiresAt;
        CurrentSystemToken = token;
    }

    public bool Accepts(string? token, DateTimeOffset now) =>
        Installed && token is not null && systemTokens.TryGetValue(token, out var expiresAt) && expiresAt > now;
}
