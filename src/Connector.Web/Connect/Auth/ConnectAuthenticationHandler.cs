using System.Security.Claims;
using System.Text.Encodings.Web;
using Connector.Web.Connect.Descriptor;
using Connector.Web.Connect.Jwt;
using Connector.Web.Connect.Tenants;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Connector.Web.Connect.Auth;

/// <summary>
/// Authenticates every request that carries a Connect token: a product token (HS256 with the tenant's
/// secret) or our session token, accepted only in the kinds the endpoint allows. On success it
/// establishes the <see cref="TenantContext"/> and, for pages, issues the next session token.
/// A Forge Invocation Token handler can later stand beside this one and fill the same context.
/// </summary>
public sealed class ConnectAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ProductTokenVerifier productTokens,
    SessionTokens sessionTokens,
    TenantContext tenantContext,
    ConnectSession session,
    AppDescriptor descriptor,
    TenantClock tenantClock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Connect";
    public const string TenantClaim = "connect:tenant";
    public const string TokenKindClaim = "connect:token-kind";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // The authorization middleware authenticates with the fallback policy's scheme even on
        // anonymous endpoints (signed installs verify their own RS256 tokens); stay out of those.
        if (Context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null) return AuthenticateResult.NoResult();
        try
        {
            var token = await RequestTokens.ExtractAsync(Request);
            if (token is null) return AuthenticateResult.NoResult();

            var unverified = TokenValidation.Read(token);
            var caller = unverified.Issuer == descriptor.Key
                ? await sessionTokens.VerifyAsync(unverified, Context.RequestAborted)
                : await productTokens.VerifyAsync(unverified, Request, Context.RequestAborted);

            var accepted = Context.GetEndpoint()?.Metadata.GetMetadata<AcceptsConnectTokensAttribute>()
                ?? AcceptsConnectTokensAttribute.PageDefault;
            if (!accepted.Kinds.HasFlag(caller.Kind))
                throw new ConnectAuthException(ConnectAuthFailure.TokenKindNotAccepted, caller.Kind.ToString());

            tenantContext.Establish(caller.Tenant, caller.AccountId);
            if (caller.Kind == ConnectTokenKind.ProductRequest) await tenantClock.RememberAsync(caller.Tenant, Request.Query["tz"], Context.RequestAborted);
            if (caller.AccountId is not null)
                session.Token = await sessionTokens.IssueAsync(caller.Tenant, caller.AccountId, Context.RequestAborted);

            var claims = new List<Claim>
            {
                new(TenantClaim, caller.Tenant.Id.ToString()),
                new(TokenKindClaim, caller.Kind.ToString()),
            };
            if (caller.AccountId is not null) claims.Add(new Claim(ClaimTypes.NameIdentifier, caller.AccountId));
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
            return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
        }
        catch (ConnectAuthException e)
        {
            Logger.LogWarning("Refused a token on {Method} {Path}: {Failure}", Request.Method, Request.Path, e.Message);
            return AuthenticateResult.Fail(e.Failure.ToString());
        }
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        ConnectChallenge.AddHeader(Response, descriptor.Key);
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

/// <summary>The session token issued for this request, for links, forms and scripts on the page.</summary>
public sealed class ConnectSession
{
    public string? Token { get; set; }

    /// <summary>A link inside the app that stays authenticated inside the iframe.</summary>
    public string Link(string path)
    {
        if (Token is null) return path;
        var separator = path.Contains('?') ? '&' : '?';
        return $"{path}{separator}jwt={Uri.EscapeDataString(Token)}";
    }
}
