using System.Security.Claims;
using Connector.Web.Connect.Descriptor;
using Connector.Web.Connect.Tenants;
using Connector.Web.Platform.Secrets;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Web.Connect.Jwt;

/// <summary>
/// Our own short-lived tokens. Third-party cookies are blocked inside the product's iframe, so after a
/// verified page load we hand the page a token (iss = app key, aud = clientKey, sub = accountId) that
/// its links, forms and fetches carry. Signed with an app key that never leaves the server.
/// </summary>
public sealed class SessionTokens(
    AppKeys appKeys, AppDescriptor descriptor, TenantStore tenants, IOptions<ConnectOptions> options, TimeProvider time)
{
    const string SigningKeyName = "session-token-signing-key";
    static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false, SetDefaultTimesOnTokenCreation = false };

    public async Task<string> IssueAsync(Tenant tenant, string accountId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = descriptor.Key,
            Audience = tenant.ClientKey,
            Subject = new ClaimsIdentity([new Claim("sub", accountId)]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + options.Value.SessionTokenLifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(await SigningKeyAsync(cancellationToken), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>Verifies a token whose issuer is this app (the caller has read it, unverified, to see that).</summary>
    public async Task<VerifiedCaller> VerifyAsync(JsonWebToken unverified, CancellationToken cancellationToken)
    {
        var token = unverified.EncodedToken;
        TokenValidation.RequireAlgorithm(unverified, SecurityAlgorithms.HmacSha256);
        var clientKey = unverified.Audiences.SingleOrDefault()
            ?? throw new ConnectAuthException(ConnectAuthFailure.WrongAudience);

        var verified = await TokenValidation.ValidateAsync(token, new TokenValidationParameters
        {
            ValidIssuer = descriptor.Key,
            ValidAudience = clientKey,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            IssuerSigningKey = await SigningKeyAsync(cancellationToken),
        }, time, options.Value.ClockSkew);

        var tenant = await tenants.FindInstalledAsync(clientKey, cancellationToken)
            ?? throw new ConnectAuthException(ConnectAuthFailure.UnknownIssuer);
        if (string.IsNullOrEmpty(verified.Subject)) throw new ConnectAuthException(ConnectAuthFailure.MalformedToken, "no sub");
        return new VerifiedCaller(tenant, verified.Subject, ConnectTokenKind.Session);
    }

    async Task<SymmetricSecurityKey> SigningKeyAsync(CancellationToken cancellationToken) =>
        new(await appKeys.GetOrCreateAsync(SigningKeyName, 64, cancellationToken));
}
