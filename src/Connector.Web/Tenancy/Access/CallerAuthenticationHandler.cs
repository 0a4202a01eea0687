using System.Security.Claims;
using System.Text.Encodings.Web;
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
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Challenge.AddHeader(Response, Options.Realm);
        Response.ContentType = "text/plain; charset=utf-8";
        // Deliberately the same words whatever went wrong, so a caller learns nothing about tenants.
        await Response.WriteAsync("Unauthorized: this page must be opened from inside your Atlassian site.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        Response.ContentType = "text/html; charset=utf-8";
        await Response.WriteAsync("""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Forbidden</title>
            <link rel="stylesheet" href="/css/site.css"></head>
            <body><main class="page"><section class="message message-error" role="alert">
            <h1>Forbidden: only Jira administrators can use MultiSource Connector</h1>
            <p>Ask a Jira administrator of this site to grant you the <strong>Administer Jira</strong> global
            permission, or to do this for you.</p></section></main></body></html>
            """);
    }
}
