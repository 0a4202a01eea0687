using System.Security.Claims;
using System.Text;
using Connector.Sandbox.Sites;
using Connector.Web.Connect.Jwt;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Sandbox.Connect;

/// <summary>Mints the tokens a real product sends to an app, in their real shapes (CONNECT.md §3, §4).</summary>
public sealed class TokenMinter(InstallSigningKey installKey, TimeProvider time)
{
    static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>The RS256 token of installed/uninstalled: iss = clientKey, aud = the app's baseUrl.</summary>
    public string InstallToken(Site site, string appBaseUrl, HttpMethod method, Uri lifecycleUrl) =>
        Create(site.ClientKey, site.Admin.AccountId, QueryStringHash.ForUri(method.Method, lifecycleUrl, new Uri(appBaseUrl)),
            installKey.Credentials, audience: appBaseUrl.TrimEnd('/'), lifetime: TimeSpan.FromMinutes(3));

    /// <summary>The HS256 token bound to one request (iframe loads, enabled/disabled, webhooks).</summary>
    public string RequestToken(Site site, string? accountId, HttpMethod method, Uri appUrl, string appBaseUrl) =>
        Create(site.ClientKey, accountId, QueryStringHash.ForUri(method.Method, appUrl, new Uri(appBaseUrl)),
            SiteCredentials(site), audience: null, lifetime: TimeSpan.FromMinutes(15));

    /// <summary>What AP.context.getToken() returns: qsh "context-qsh".</summary>
    public string ContextToken(Site site, string accountId) =>
        Create(site.ClientKey, accountId, QueryStringHash.ContextQsh, SiteCredentials(site), audience: null,
            lifetime: TimeSpan.FromMinutes(15));

    static SigningCredentials SiteCredentials(Site site) =>
        new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(site.SharedSecret
            ?? throw new InvalidOperationException($"{site.Name} has not installed the app."))), SecurityAlgorithms.HmacSha256);

    string Create(string issuer, string? subject, string qsh, SigningCredentials credentials, string? audience, TimeSpan lifetime)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object> { ["qsh"] = qsh, ["context"] = new Dictionary<string, object>() };
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = subject is null ? null : new ClaimsIdentity([new Claim("sub", subject)]),
            IssuedAt = now,
            Expires = now + lifetime,
            Claims = claims,
            SigningCredentials = credentials,
        });
    }
}
