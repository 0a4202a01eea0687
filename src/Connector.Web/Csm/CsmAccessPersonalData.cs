using Connector.Web.Platform.Database;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Privacy;
using Connector.Web.Tenancy.Product;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Csm;

/// <summary>The CSM credential remembers who saved it (account id and display name).</summary>
sealed class CsmAccessPersonalData(ConnectorDb db, ProductUsers users, TenantContext tenantContext) : IPersonalDataHolder
{
    public async Task<IReadOnlyList<HeldAccount>> HeldAsync(CancellationToken cancellationToken) =>
        await db.Set<CsmAccess>().Where(a => a.UpdatedByAccountId != null)
            .Select(a => new HeldAccount(a.UpdatedByAccountId!, a.UpdatedAt)).ToListAsync(cancellationToken);

    public Task EraseAsync(string accountId, CancellationToken cancellationToken) =>
        db.Set<CsmAccess>().Where(a => a.UpdatedByAccountId == accountId).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.UpdatedByAccountId, (string?)null)
            .SetProperty(a => a.UpdatedByName, ""), cancellationToken);

    public async Task RefreshAsync(string accountId, CancellationToken cancellationToken)
    {
        var name = await users.DisplayNameAsync(tenantContext.RequiredTenant, accountId, cancellationToken);
        await db.Set<CsmAccess>().Where(a => a.UpdatedByAccountId == accountId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.UpdatedByName, name), cancellationToken);
    }
}
