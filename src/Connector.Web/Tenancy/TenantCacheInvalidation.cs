using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Connector.Web.Tenancy;

/// <summary>
/// Forgets a tenant in this instance's <see cref="TenantCache"/> as soon as this instance has saved a change to it, so
/// the next request here reads its own write (an operator's edition change, a reinstall). Other instances hear of it
/// through PostgreSQL's announcement a moment later (<see cref="TenantChangeListener"/>).
/// </summary>
sealed class TenantCacheInvalidation(TenantCache cache) : SaveChangesInterceptor
{
    readonly ConditionalWeakTable<DbContext, List<Guid>> changing = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ForgetNoted(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ForgetNoted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    void Note(DbContext? context)
    {
        if (context is null) return;
        var ids = context.ChangeTracker.Entries<Tenant>()
            .Where(e => e.State is EntityState.Modified or EntityState.Deleted).Select(e => e.Entity.Id).ToList();
        if (ids.Count > 0) changing.AddOrUpdate(context, ids);
    }

    void ForgetNoted(DbContext? context)
    {
        if (context is null || !changing.TryGetValue(context, out var ids)) return;
        changing.Remove(context);
        foreach (var id in ids) cache.Forget(id);
    }
}
