using Connector.Web.Platform.Database;
using Connector.Web.Tenancy.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Imports;

/// <summary>A run started by hand remembers who asked for it.</summary>
sealed class RunPersonalData(ConnectorDb db) : IPersonalDataHolder
{
    public async Task<IReadOnlyList<HeldAccount>> HeldAsync(CancellationToken cancellationToken) =>
        await db.Set<ImportRun>().Where(r => r.RequestedBy != null).GroupBy(r => r.RequestedBy!)
            .Select(g => new HeldAccount(g.Key, g.Max(r => r.QueuedAt))).ToListAsync(cancellationToken);

    public Task EraseAsync(string accountId, CancellationToken cancellationToken) =>
        db.Set<ImportRun>().Where(r => r.RequestedBy == accountId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.RequestedBy, (string?)null), cancellationToken);
}
