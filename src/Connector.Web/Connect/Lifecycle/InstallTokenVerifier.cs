using Connector.Web.Connect.Descriptor;
using Connector.Web.Connect.Jwt;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Access;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Web.Connect.Lifecycle;

/// <summary>
/// installed and uninstalled carry an RS256 token signed by Atlassian ("signed-install"). We accept
/// nothing else there: no HS256, no unsigned call, never a context-qsh token (CVE-2021-26073/26077).
/// </summary>
public sealed class InstallTokenVerifier(InstallKeys keys, AppDescriptor descriptor, IOptions<TenancyOptions> tenancy, TimeProvider time)
{
    public async Task VerifyAsync(HttpRequest request, string bodyClientKey, CancellationToken cancellationToken)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("JWT ", StringComparison.Ordinal))
            throw new TokenRefusedException(TokenRefusal.MissingToken);
        var token = header[4..].Trim();

        var unverified = TokenValidation.Read(token);
        TokenValidation.RequireAlgorithm(unverified, SecurityAlgorithms.RsaSha256);
        var key = await keys.GetAsync(unverified.Kid, cancellationToken);

        // aud is the baseUrl of the app being installed: the Jira app's, or the Confluence app's (ours + /confluence).
        var app = descriptor.For(request);
        var baseUrl = app.BaseUrl;
        var verified = await TokenValidation.ValidateAsync(token, new TokenValidationParameters
        {
            ValidAudiences = [baseUrl, baseUrl + "/"],
            ValidIssuer = bodyClientKey,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            IssuerSigningKey = key,
        }, time, tenancy.Value.ClockSkew);

        var qsh = TokenValidation.Qsh(verified) ?? throw new TokenRefusedException(TokenRefusal.MissingQsh);
        if (qsh != RequestQsh.Compute(request, app.BaseUri))
            throw new TokenRefusedException(TokenRefusal.QshMismatch);
    }
}
