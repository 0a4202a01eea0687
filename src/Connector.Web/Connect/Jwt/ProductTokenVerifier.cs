using System.Text;
using Connector.Web.Connect.Tenants;
using Connector.Web.Platform.Secrets;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Web.Connect.Jwt;

public sealed record VerifiedCaller(Tenant Tenant, string? AccountId, ConnectTokenKind Kind);

/// <summary>
/// Verifies HS256 tokens the product signed with the installation's shared secret: the issuer names
/// the tenant, the signature proves it, and the qsh either binds the token to this exact request or
/// is the fixed "context-qsh" of tokens handed to page scripts.
/// </summary>
public sealed class ProductTokenVerifier(
    TenantStore tenants, SecretProtector secrets, IOptions<ConnectOptions> options, TimeProvider time)
{
    public async Task<VerifiedCaller> VerifyAsync(JsonWebToken unverified, HttpRequest request, CancellationToken cancellationToken)
    {
        var token = unverified.EncodedToken;
        TokenValidation.RequireAlgorithm(unverified, SecurityAlgorithms.HmacSha256);
        var clientKey = unverified.Issuer;
        if (string.IsNullOrEmpty(clientKey)) throw new ConnectAuthException(ConnectAuthFailure.UnknownIssuer);

        var tenant = await tenants.FindInstalledAsync(clientKey, cancellationToken)
            ?? throw new ConnectAuthException(ConnectAuthFailure.UnknownIssuer);

        var secret = Encoding.UTF8.GetBytes(secrets.Unprotect(tenant.SharedSecretProtected));
        var verified = await TokenValidation.ValidateAsync(token, new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = clientKey,
            ValidateAudience = false, // optional on product-issued HS256 tokens
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            IssuerSigningKey = new SymmetricSecurityKey(secret),
        }, time, options.Value.ClockSkew);

        var qsh = TokenValidation.Qsh(verified) ?? throw new ConnectAuthException(ConnectAuthFailure.MissingQsh);
        var kind = qsh == QueryStringHash.ContextQsh
            ? ConnectTokenKind.ProductContext
            : qsh == RequestTokens.ComputeQsh(request, options.Value.BaseUri())
                ? ConnectTokenKind.ProductRequest
                : throw new ConnectAuthException(ConnectAuthFailure.QshMismatch);

        return new VerifiedCaller(tenant, string.IsNullOrEmpty(verified.Subject) ? null : verified.Subject, kind);
    }
}
