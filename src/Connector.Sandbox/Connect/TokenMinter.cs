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
    public string InstallToken(Site site, ConnectInstall install, string appBaseUrl, HttpMethod method, Uri lifecycleUrl) =>
        Create(install.ClientKey, site.Admin.AccountId, QueryStringHash.ForUri(method.Method, lifecycleUrl, new Uri(appBaseUrl)),
            installKey.Credentials, audience: appBaseUrl.TrimEnd('/'), lifetime: TimeSpan.FromMinutes(3));

    /// <summary>The HS256 token bound to one request (iframe loads, enabled/disabled, webhooks).</summary>
    public string RequestToken(ConnectInstall install, string? accountId, HttpMethod method, Uri appUrl, string appBaseUrl) =>
        Create(install.ClientKey, accountId, QueryStringHash.ForUri(method.Method, appUrl, new Uri(appBaseUrl)),
            InstallCredentials(install), audience: null, lifetime: TimeSpan.FromMinutes(15));

    /// <summary>The site's Jira signs it (most tests speak of Jira).</summary>
    public string RequestToken(Site site, string? accountId, HttpMethod method, Uri appUrl, string appBaseUrl) =>
        RequestToken(site.Jira, accountId, method, appUrl, appBaseUrl);

    /// <summary>What AP.context.getToken() returns: qsh "context-qsh".</summary>
    public string ContextToken(ConnectInstall install, string accountId) =>
        Create(install.ClientKey, accountId, QueryStringHash.ContextQsh, InstallCredentials(install), audience: null,
            lifetime: TimeSpan.FromMinutes(15));

    public string ContextToken(Site site, string accountId) => ContextToken(site.Jira, accountId);

    static SigningCredentials InstallCredentials(ConnectInstall install) =>
        new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(install.SharedSecret
            ?? throw new InvalidOperationException($"{install.BaseUrl} ({install.ProductName}) has not installed the app."))), SecurityAlgorithms.HmacSha256);

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
