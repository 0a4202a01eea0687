using Connector.Web.Platform.Database;
using Connector.Web.Tenancy.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Tenancy.Audit;

/// <summary>The audit trail names admins by account id; a closed account's entries stay, saying only that someone acted.</summary>
sealed class AuditPersonalData(ConnectorDb db) : IPersonalDataHolder
{
    public async Task<IReadOnlyList<HeldAccount>> HeldAsync(CancellationToken cancellationToken) =>
        await db.Set<AuditEntry>().Where(e => e.ActorAccountId != null).GroupBy(e => e.ActorAccountId!)
            .Select(g => new HeldAccount(g.Key, g.Max(e => e.At))).ToListAsync(cancellationToken);

    public Task EraseAsync(string accountId, CancellationToken cancellationToken) =>
        db.Set<AuditEntry>().Where(e => e.ActorAccountId == accountId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ActorAccountId, (string?)null), cancellationToken);
}
