using System.Security.Claims;
using System.Text.Encodings.Web;
using Connector.Web.Forge.Installations;
using Connector.Web.Forge.Invocations;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Access;
using Connector.Web.Tenancy.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Connector.Web.Forge;

/// <summary>
/// Authenticates Forge's calls to this remote: a verified Forge Invocation Token establishes the same
/// <see cref="TenantContext"/> Connect's tokens do (the installation's tenant, the invoking user), and the
/// app system token that comes with it is recorded. Refusals answer as Forge expects: 401 with a JSON body.
/// </summary>
public sealed class ForgeAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder,
    InvocationTokens tokens, ForgeInstallations installations, TenantContext tenantContext, PageSession session)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "forge";
    public const string SystemTokenHeader = "x-forge-oauth-system";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        try
        {
            var invocation = await tokens.VerifyAsync(Request.Headers.Authorization, Context.RequestAborted);
            var tenant = await installations.RecordAsync(invocation, Request.Headers[SystemTokenHeader].FirstOrDefault(), Context.RequestAborted);
            tenantContext.Establish(tenant, invocation.Principal);
            session.Host = PageHost.Forge;
            var claims = new List<Claim> { new(CallerAuthenticationHandler.TenantClaim, tenant.Id.ToString()) };
            if (invocation.Principal is { } principal) claims.Add(new Claim(ClaimTypes.NameIdentifier, principal));
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
        }
        catch (TokenRefusedException e)
        {
            Logger.LogWarning("Refused a Forge invocation on {Path}: {Failure}", Request.Path, e.Message);
            return AuthenticateResult.Fail(e.Refusal.ToString());
        }
    }

    // Forge reserves 401 for "the remote could not verify the Forge Invocation Token", and wants JSON on every non-2xx.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Results.Json(new { message = "Forge Invocation Token verification was unsuccessful" }, statusCode: StatusCodes.Status401Unauthorized)
            .ExecuteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Json(new
        {
            message = "Only Jira administrators can use MultiSource Connector. Ask a Jira administrator of this site to grant you the Administer Jira global permission, or to do this for you.",
        }, statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(Context);
}
