using System.Security.Cryptography;
using Connector.Sandbox.Sites;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Sandbox.Forge;

/// <summary>
/// Plays Forge's token issuer: the RS256 key whose public half is the JWKS, Forge Invocation Tokens with the
/// claims of FORGE-REMOTE.md A.2, and app system tokens (JWTs the remote treats as opaque but may read exp of).
/// </summary>
public sealed class ForgeSigning(IOptions<SandboxOptions> options, TimeProvider time) : IDisposable
{
    static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };
    readonly RSA rsa = RSA.Create(2048);

    public string KeyId { get; } = $"forge-sandbox-{Guid.NewGuid():N}";

    public SigningCredentials Credentials => new(new RsaSecurityKey(rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256);

    /// <summary>The JWKS document, as forge.cdn.prod.atlassian-dev.net/.well-known/jwks.json serves it.</summary>
    public object Jwks()
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        return new { keys = new[] { new { kty = "RSA", kid = KeyId, use = "sig", alg = "RS256",
            n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) } } };
    }

    /// <summary>A FIT. UI invocations carry the user (principal) and a context with the site URL; triggers carry neither.</summary>
    public string InvocationToken(Site site, string apiBaseUrl, SiteUser? principal = null, string? moduleKey = null, TimeSpan? lifetime = null)
    {
        var app = options.Value;
        var now = time.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            ["app"] = new Dictionary<string, object>
            {
                ["id"] = app.ForgeAppId, ["appVersion"] = "1.0.0", ["installationId"] = site.Forge.InstallationId!, ["apiBaseUrl"] = apiBaseUrl,
                ["installation"] = new Dictionary<string, object>
                {
                    ["id"] = site.Forge.InstallationId!,
                    ["contexts"] = new[] { new Dictionary<string, object> { ["name"] = "jira", ["apiBaseUrl"] = apiBaseUrl, ["cloudId"] = site.CloudId } },
                },
                ["environment"] = new Dictionary<string, object> { ["type"] = "PRODUCTION", ["id"] = $"ari:cloud:ecosystem::environment/{app.ForgeAppUuid}/{app.ForgeEnvironmentUuid}" },
                ["module"] = new Dictionary<string, object> { ["type"] = moduleKey is null ? "core:endpoint" : "jira:adminPage", ["key"] = moduleKey ?? "connector-lifecycle" },
            },
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        if (principal is not null)
        {
            claims["principal"] = principal.AccountId;
            claims["context"] = new Dictionary<string, object> { ["cloudId"] = site.CloudId, ["siteUrl"] = site.BaseUrl, ["moduleKey"] = moduleKey ?? "", ["localId"] = Guid.NewGuid().ToString() };
        }
        return Sign(claims, "forge/invocation-token", app.ForgeAppId, now, lifetime ?? TimeSpan.FromSeconds(25));
    }

    /// <summary>A fresh app system token for the site, remembered so the site's APIs accept it until it expires.</summary>
    public string SystemToken(Site site, TimeSpan lifetime)
    {
        var now = time.GetUtcNow();
        var token = Sign(new Dictionary<string, object> { ["sub"] = $"app/{options.Value.ForgeAppUuid}", ["jti"] = Guid.NewGuid().ToString("N") },
            "forge/app-system-token", $"api.atlassian.com/{site.CloudId}", now, lifetime);
        site.Forge.Remember(token, now + lifetime);
        return token;
    }

    /// <summary>An app user token: the remote may call as the user with it; the sandbox's APIs do not need to accept it.</summary>
    public string UserToken(Site site, SiteUser user) =>
        Sign(new Dictionary<string, object> { ["sub"] = user.AccountId, ["jti"] = Guid.NewGuid().ToString("N") },
            "forge/app-user-token", $"api.atlassian.com/{site.CloudId}", time.GetUtcNow(), TimeSpan.FromHours(1));

    string Sign(Dictionary<string, object> claims, string issuer, string audience, DateTimeOffset now, TimeSpan lifetime) =>
        Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            Claims = claims,
            SigningCredentials = Credentials,
        });

    public void Dispose() => rsa.Dispose();
}
