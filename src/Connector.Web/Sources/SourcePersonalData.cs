using Connector.Web.Platform.Database;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Privacy;
using Connector.Web.Tenancy.Product;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Sources;

/// <summary>A source remembers who last saved it (account id and display name).</summary>
sealed class SourcePersonalData(ConnectorDb db, ProductUsers users, TenantContext tenantContext) : IPersonalDataHolder
{
    public async Task<IReadOnlyList<HeldAccount>> HeldAsync(CancellationToken cancellationToken) =>
        await db.Set<ExternalSource>().Where(s => s.LastUpdatedByAccountId != "").GroupBy(s => s.LastUpdatedByAccountId)
            .Select(g => new HeldAccount(g.Key, g.Max(s => s.LastUpdatedAt))).ToListAsync(cancellationToken);

    public Task EraseAsync(string accountId, CancellationToken cancellationToken) =>
        db.Set<ExternalSource>().Where(s => s.LastUpdatedByAccountId == accountId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.LastUpdatedByAccountId, "")
            .SetProperty(x => x.LastUpdatedByName, ""), cancellationToken);

    public async Task RefreshAsync(string accountId, CancellationToken cancellationToken)
    {
        var name = await users.DisplayNameAsync(tenantContext.RequiredTenant, accountId, cancellationToken);
        await db.Set<ExternalSource>().Where(s => s.LastUpdatedByAccountId == accountId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastUpdatedByName, name), cancellationToken);
    }
}
