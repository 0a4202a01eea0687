using System.Security.Claims;
using System.Text.Encodings.Web;
using Connector.Web.Platform.Support;
using Connector.Web.Tenancy.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Connector.Web.Tenancy.Access;

/// <summary>Options of the caller scheme: the realm our 401s name (Connect sets it to the app key).</summary>
public sealed class CallerAuthenticationOptions : AuthenticationSchemeOptions
{
    public string Realm { get; set; } = "multisource-connector";
}

/// <summary>
/// Authenticates every request that carries a token for our pages: a token the product signed (verified by
/// Connect) or our own session token, accepted only in the kinds the endpoint allows. On success it
/// establishes the <see cref="TenantContext"/> and issues the next session token for the page.
/// </summary>
public sealed class CallerAuthenticationHandler(
    IOptionsMonitor<CallerAuthenticationOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IEnumerable<ICallerTokenVerifier> verifiers,
    SessionTokens sessionTokens,
    TenantContext tenantContext,
    PageSession session)
    : AuthenticationHandler<CallerAuthenticationOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "caller";
    public const string TenantClaim = "connector:tenant";
    public const string TokenKindClaim = "connector:token-kind";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // The authorization middleware authenticates with the fallback policy's scheme even on
        // anonymous endpoints (signed installs verify their own RS256 tokens); stay out of those.
        if (Context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null) return AuthenticateResult.NoResult();
        try
        {
            var token = await RequestTokens.ExtractAsync(Request);
            if (token is null) return AuthenticateResult.NoResult();

            var caller = await VerifyAsync(TokenValidation.Read(token));
            var accepted = Context.GetEndpoint()?.Metadata.GetMetadata<AcceptsTokensAttribute>() ?? AcceptsTokensAttribute.PageDefault;
            if (!accepted.Kinds.HasFlag(caller.Kind))
                throw new TokenRefusedException(TokenRefusal.TokenKindNotAccepted, caller.Kind.ToString());

            tenantContext.Establish(caller.Tenant, caller.AccountId);
            session.Host = caller.Host;
            if (caller.AccountId is not null)
                session.Token = await sessionTokens.IssueAsync(caller.Tenant, caller.AccountId, caller.Host, Context.RequestAborted);
            return AuthenticateResult.Success(new AuthenticationTicket(Principal(caller), SchemeName));
        }
        catch (TokenRefusedException e)
        {
            Logger.LogWarning("Refused a token on {Method} {Path}: {Failure}", Request.Method, Request.Path, e.Message);
            if (e.Lapsed is { } lapsed) (session.Host, session.LapsedTenant) = (lapsed.Host, lapsed.Tenant);
            return AuthenticateResult.Fail(e.Refusal.ToString());
        }
    }

    Task<VerifiedCaller> VerifyAsync(Microsoft.IdentityModel.JsonWebTokens.JsonWebToken unverified) =>
        (verifiers.FirstOrDefault(v => v.Recognises(unverified)) ?? throw new TokenRefusedException(TokenRefusal.UnknownIssuer))
            .VerifyAsync(unverified, Request, Context.RequestAborted);

    static ClaimsPrincipal Principal(VerifiedCaller caller)
    {
        var claims = new List<Claim> { new(TenantClaim, caller.Tenant.Id.ToString()), new(TokenKindClaim, caller.Kind.ToString()) };
        if (caller.AccountId is not null) claims.Add(new Claim(ClaimTypes.NameIdentifier, caller.AccountId));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Challenge.AddHeader(Response, Options.Realm);
        // Deliberately the same words whatever went wrong, so a caller learns nothing about tenants. The
        // page is framed by the site only when the token was authentic and merely lapsed (see LapsedTenant).
        await ErrorPage.WriteAsync(Context, StatusCodes.Status401Unauthorized, Refusals.SessionEnded(session));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ErrorPage.WriteAsync(Context, StatusCodes.Status403Forbidden, Refusals.NotAnAdminOf(tenantContext.Tenant));
}
