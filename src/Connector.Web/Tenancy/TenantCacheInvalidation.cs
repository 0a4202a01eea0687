using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Connector.Web.Tenancy;

/// <summary>
/// Forgets, in this instance's <see cref="TenantCache"/>, the tenants a context tracked when it saved, so the next
/// request here reads its own write (an operator's edition change, a reinstall). Other instances hear of it through
/// PostgreSQL's announcement a moment later (<see cref="TenantChangeListener"/>). Reads for the cache are untracked,
/// so only work that loaded a tenant to change it is seen here.
/// </summary>
sealed class TenantCacheInvalidation(TenantCache cache) : SaveChangesInterceptor
{
    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ForgetTracked(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ForgetTracked(eventData.Context);
        return ValueTask.FromResult(result);
    }

    void ForgetTracked(DbContext? context)
    {
        if (context is null) return;
        // Which tenants, not what changed in them: no need to pay for another scan of every tracked entity.
        var tracker = context.ChangeTracker;
        var detecting = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var entry in tracker.Entries<Tenant>()) cache.Forget(entry.Entity.Id);
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detecting;
        }
    }
}
