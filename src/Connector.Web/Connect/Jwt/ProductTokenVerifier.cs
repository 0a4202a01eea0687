using System.Text;
using Connector.Web.Connect.Descriptor;
using Connector.Web.Platform.Secrets;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Access;
using Connector.Web.Tenancy.Sessions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Web.Connect.Jwt;

/// <summary>
/// Verifies HS256 tokens the product signed with the installation's shared secret: the issuer names
/// the tenant, the signature proves it, and the qsh either binds the token to this exact request or
/// is the fixed "context-qsh" of tokens handed to page scripts.
/// </summary>
public sealed class ProductTokenVerifier(
    TenantStore tenants, TenantClock tenantClock, SecretProtector secrets, AppDescriptor descriptor,
    IOptions<TenancyOptions> tenancy, TimeProvider time) : ICallerTokenVerifier
{
    /// <summary>Everything that is not one of our own session tokens claims to come from a site.</summary>
    public bool Recognises(JsonWebToken unverified) => unverified.Issuer != SessionTokens.Issuer;

    public async Task<VerifiedCaller> VerifyAsync(JsonWebToken unverified, HttpRequest request, CancellationToken cancellationToken)
    {
        TokenValidation.RequireAlgorithm(unverified, SecurityAlgorithms.HmacSha256);
        var clientKey = unverified.Issuer;
        if (string.IsNullOrEmpty(clientKey)) throw new TokenRefusedException(TokenRefusal.UnknownIssuer);

        var tenant = await tenants.FindInstalledAsync(clientKey, cancellationToken)
            ?? throw new TokenRefusedException(TokenRefusal.UnknownIssuer);

        if (tenant.SharedSecretProtected is not { } protectedSecret) throw new TokenRefusedException(TokenRefusal.UnknownIssuer);
        var secret = Encoding.UTF8.GetBytes(secrets.Unprotect(protectedSecret));
        var verified = await TokenValidation.ValidateAsync(unverified.EncodedToken, new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = clientKey,
            ValidateAudience = false, // optional on product-issued HS256 tokens
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            IssuerSigningKey = new SymmetricSecurityKey(secret),
        }, time, tenancy.Value.ClockSkew, new VerifiedCaller(tenant, unverified.Subject, CallerTokenKind.ProductRequest, PageHost.Connect));

        var qsh = TokenValidation.Qsh(verified) ?? throw new TokenRefusedException(TokenRefusal.MissingQsh);
        // A request-bound token is for one URL of the app its site installed: the same path below the other
        // product's app (/confluence/… or not) is another URL, so the product must match as well as the qsh.
        var addressed = descriptor.For(request);
        var kind = qsh == QueryStringHash.ContextQsh
            ? CallerTokenKind.ProductContext
            : qsh == RequestQsh.Compute(request, addressed.BaseUri) && addressed.Product == descriptor.For(tenant).Product
                ? CallerTokenKind.ProductRequest
                : throw new TokenRefusedException(TokenRefusal.QshMismatch);

        // The site's time zone comes with each page it frames (tz), covered by the qsh just checked.
        if (kind == CallerTokenKind.ProductRequest) await tenantClock.RememberAsync(tenant, request.Query["tz"], cancellationToken);
        return new VerifiedCaller(tenant, string.IsNullOrEmpty(verified.Subject) ? null : verified.Subject, kind, PageHost.Connect);
    }
}
