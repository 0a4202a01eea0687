using Connector.Web.Tenancy.Sessions;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Connector.Web.Tenancy.Access;

/// <summary>Who a verified token says is calling: which tenant, which user (if any), with what kind of token, framed by whom.</summary>
public sealed record VerifiedCaller(Tenant Tenant, string? AccountId, CallerTokenKind Kind, PageHost Host);

/// <summary>
/// Verifies one family of tokens (Connect product tokens, our session tokens). The caller handler asks
/// each registered verifier in turn whether it recognises a token, from its unverified header and claims.
/// </summary>
public interface ICallerTokenVerifier
{
    bool Recognises(JsonWebToken unverified);

    Task<VerifiedCaller> VerifyAsync(JsonWebToken unverified, HttpRequest request, CancellationToken cancellationToken);
}
