using Connector.Web.Connect.Jwt;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Web.Connect.Lifecycle;

/// <summary>
/// installed and uninstalled carry an RS256 token signed by Atlassian ("signed-install"). We accept
/// nothing else there: no HS256, no unsigned call, never a context-qsh token (CVE-2021-26073/26077).
/// </summary>
public sealed class InstallTokenVerifier(InstallKeys keys, IOptions<ConnectOptions> options, TimeProvider time)
{
    public async Task VerifyAsync(HttpRequest request, string bodyClientKey, CancellationToken cancellationToken)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("JWT ", StringComparison.Ordinal))
            throw new ConnectAuthException(ConnectAuthFailure.MissingToken);
        var token = header[4..].Trim();

        var unverified = TokenValidation.Read(token);
        TokenValidation.RequireAlgorithm(unverified, SecurityAlgorithms.RsaSha256);
        var key = await keys.GetAsync(unverified.Kid, cancellationToken);

        var baseUrl = options.Value.BaseUrl.TrimEnd('/');
        var verified = await TokenValidation.ValidateAsync(token, new TokenValidationParameters
        {
            ValidAudiences = [baseUrl, baseUrl + "/"],
            ValidIssuer = bodyClientKey,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            IssuerSigningKey = key,
        }, time, options.Value.ClockSkew);

        var qsh = TokenValidation.Qsh(verified) ?? throw new ConnectAuthException(ConnectAuthFailure.MissingQsh);
        if (qsh != RequestTokens.ComputeQsh(request, options.Value.BaseUri()))
            throw new ConnectAuthException(ConnectAuthFailure.QshMismatch);
    }
}
