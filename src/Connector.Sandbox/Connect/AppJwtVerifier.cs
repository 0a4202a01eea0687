using System.Text;
using Connector.Sandbox.Sites;
using Connector.Web.Connect.Jwt;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Sandbox.Connect;

/// <summary>
/// How the product checks a call an app makes "as the app": HS256 with the installation's secret,
/// iss = the app key, and a qsh of this very request relative to the site's baseUrl.
/// </summary>
public sealed class AppJwtVerifier(SiteDirectory sites)
{
    static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    /// <returns>null when the call is authentic, else why not (for the error body).</returns>
    public Task<string?> RefuseAsync(Site site, HttpRequest request) => RefuseAsync(site.Jira, request);

    /// <summary>
    /// As one product of the site checks it: its own install's secret and app key, and a qsh relative to its own
    /// baseUrl (Confluence's ends in /wiki), so a token from the site's other product is refused.
    /// </summary>
    public async Task<string?> RefuseAsync(ConnectInstall install, HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("JWT ", StringComparison.Ordinal)) return "Missing JWT authorization.";
        if (!install.Installed || install.SharedSecret is null || sites.AppKeyOf(install.Product) is not { } appKey)
            return $"The app is not installed in this site's {install.ProductName}.";

        var result = await Handler.ValidateTokenAsync(header[4..], new TokenValidationParameters
        {
            ValidIssuer = appKey,
            ValidateAudience = false,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(install.SharedSecret)),
            ClockSkew = TimeSpan.FromSeconds(30),
        });
        if (!result.IsValid) return "JWT could not be verified.";

        var qsh = ((JsonWebToken)result.SecurityToken).GetPayloadValue<string>("qsh");
        var expected = QueryStringHash.Compute(request.Method, request.PathBase + request.Path, request.QueryString.Value,
            new Uri(install.BaseUrl).AbsolutePath);
        return qsh == expected ? null : "JWT qsh does not match the request.";
    }
}
