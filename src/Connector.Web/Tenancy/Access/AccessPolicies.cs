using Connector.Web.Tenancy.Product;
using Microsoft.AspNetCore.Authorization;

namespace Connector.Web.Tenancy.Access;

public static class AccessPolicies
{
    /// <summary>Any verified caller of an installed tenant (lifecycle callbacks, webhooks).</summary>
    public const string Tenant = "tenant";

    /// <summary>A verified user of the tenant who is an administrator of the site's product.</summary>
    public const string SiteAdmin = "site-admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Tenant, p => p.AddAuthenticationSchemes(CallerAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        var siteAdmin = new AuthorizationPolicyBuilder(CallerAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .AddRequirements(new SiteAdminRequirement())
            .Build();
        options.AddPolicy(SiteAdmin, siteAdmin);
        // Everything not explicitly opened up is for site admins only.
        options.FallbackPolicy = siteAdmin;
    }
}

public sealed class SiteAdminRequirement : IAuthorizationRequirement;

/// <summary>Decided on the server: descriptor and manifest conditions only hide links, they protect nothing.</summary>
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
