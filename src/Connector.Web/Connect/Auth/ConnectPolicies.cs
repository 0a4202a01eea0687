using Connector.Web.Connect.Tenants;
using Microsoft.AspNetCore.Authorization;

namespace Connector.Web.Connect.Auth;

public static class ConnectPolicies
{
    /// <summary>Any verified caller of an installed tenant (lifecycle callbacks, webhooks).</summary>
    public const string Tenant = "connect-tenant";

    /// <summary>A verified user of the tenant who holds Jira's global ADMINISTER permission.</summary>
    public const string SiteAdmin = "connect-site-admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Tenant, p => p.AddAuthenticationSchemes(ConnectAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        var siteAdmin = new AuthorizationPolicyBuilder(ConnectAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .AddRequirements(new SiteAdminRequirement())
            .Build();
        options.AddPolicy(SiteAdmin, siteAdmin);
        // Everything not explicitly opened up is for site admins only.
        options.FallbackPolicy = siteAdmin;
    }
}

public sealed class SiteAdminRequirement : IAuthorizationRequirement;

/// <summary>Decided on the server: descriptor conditions only hide links, they protect nothing.</summary>
sealed class SiteAdminHandler(TenantContext tenantContext, ProductPermissions permissions)
    : AuthorizationHandler<SiteAdminRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, SiteAdminRequirement requirement)
    {
        if (tenantContext.Tenant is not { } tenant || tenantContext.AccountId is not { } accountId) return;
        if (await permissions.IsSiteAdminAsync(tenant, accountId, CancellationToken.None))
            context.Succeed(requirement);
    }
}
