using Connector.Web.Platform.Database;

namespace Connector.Web.Tenancy;

/// <summary>
/// Who is calling and for which tenant, for the current request or job. Set once by authentication
/// (a Connect JWT, our session token, a Forge Invocation Token) or by a background job; read by the
/// database filter and by everything that calls Atlassian. This is the seam that keeps features unaware
/// of how the caller was authenticated.
/// </summary>
public sealed class TenantContext : ICurrentTenant
{
    public Tenant? Tenant { get; private set; }
    public string? AccountId { get; private set; }

    public Guid? TenantId => Tenant?.Id;

    public Tenant RequiredTenant =>
        Tenant ?? throw new InvalidOperationException("No tenant has been established for this request.");

    public void Establish(Tenant tenant, string? accountId)
    {
        if (Tenant is not null && Tenant.Id != tenant.Id)
            throw new InvalidOperationException("The tenant of a request cannot change once established.");
        Tenant = tenant;
        AccountId = accountId;
    }
}
