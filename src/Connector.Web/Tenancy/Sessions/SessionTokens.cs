using System.Security.Claims;
using Connector.Web.Platform.Database;
using Connector.Web.Platform.Secrets;
using Connector.Web.Tenancy.Access;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Web.Tenancy.Sessions;

/// <summary>
/// Our own short-lived tokens. Third-party cookies are blocked inside the product's frame, so after a
/// verified call we hand the page a token (aud = tenant id, sub = account id, host = who frames it) that
/// its links, forms and fetches carry. Signed with an app key that never leaves the server. Connect pages
/// and the Forge shell both get theirs here, so everything behind the pages is shared.
/// </summary>
public sealed class SessionTokens(AppKeys appKeys, TenantStore tenants, IOptions<TenancyOptions> options, TimeProvider time)
    : ICallerTokenVerifier
{
    public const string Issuer = "multisource-connector/session";
    const string SigningKeyName = "session-token-signing-key";
    const string HostClaim = "host";
    static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false, SetDefaultTimesOnTokenCreation = false };

    public async Task<string> IssueAsync(Tenant tenant, string accountId, PageHost host, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = tenant.Id.ToString(),
            Subject = new ClaimsIdentity([new Claim("sub", accountId)]),
            Claims = new Dictionary<string, object> { [HostClaim] = EnumText.Of(host) },
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + options.Value.SessionTokenLifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(await SigningKeyAsync(cancellationToken), SecurityAlgorithms.HmacSha256),
        });
    }

    public bool Recognises(JsonWebToken unverified) => unverified.Issuer == Issuer;

    public async Task<VerifiedCaller> VerifyAsync(JsonWebToken unverified, HttpRequest request, CancellationToken cancellationToken)
    {
        TokenValidation.RequireAlgorithm(unverified, SecurityAlgorithms.HmacSha256);
        var audience = unverified.Audiences.SingleOrDefault();
        if (!Guid.TryParse(audience, out var tenantId)) throw new TokenRefusedException(TokenRefusal.WrongAudience);

        var tenant = await tenants.FindInstalledAsync(tenantId, cancellationToken)
            ?? throw new TokenRefusedException(TokenRefusal.UnknownIssuer);
        var named = new VerifiedCaller(tenant, unverified.Subject, CallerTokenKind.Session, HostOf(unverified));
        var verified = await TokenValidation.ValidateAsync(unverified.EncodedToken, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = audience,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            IssuerSigningKey = await SigningKeyAsync(cancellationToken),
        }, time, options.Value.ClockSkew, named);

        if (string.IsNullOrEmpty(verified.Subject)) throw new TokenRefusedException(TokenRefusal.MalformedToken, "no sub");
        return named;
    }

    static PageHost HostOf(JsonWebToken token) =>
        token.TryGetPayloadValue<string>(HostClaim, out var text) && EnumText.TryParse<PageHost>(text, out var host)
            ? host
            : PageHost.Connect;

    async Task<SymmetricSecurityKey> SigningKeyAsync(CancellationToken cancellationToken) =>
        new(await appKeys.GetOrCreateAsync(SigningKeyName, 64, cancellationToken));
}
