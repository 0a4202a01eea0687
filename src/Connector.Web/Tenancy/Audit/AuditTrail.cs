using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Tenancy.Audit;

/// <summary>
/// Records what admins (and we, the operators) did. <see cref="Note"/> adds the entry to the
/// request's unit of work, so it is saved with the change it describes or not at all; who acted comes from the
/// <see cref="TenantContext"/>, never from the caller's say-so.
/// </summary>
public sealed class AuditTrail(ConnectorDb db, TenantContext tenantContext, TimeProvider time)
{
    public void Note(AuditAction action, string subject, IReadOnlyList<AuditChange>? changes = null, AuditActor? actor = null)
    {
        var accountId = tenantContext.AccountId;
        db.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            Actor = actor ?? AuditActor.Admin,
            ActorAccountId = actor is null or AuditActor.Admin ? accountId : null,
            Action = action,
            Subject = subject,
            Changes = [.. changes ?? []],
        });
    }

    /// <summary>For changes made by SQL that bypasses the unit of work: notes and saves at once.</summary>
    public async Task RecordAsync(AuditAction action, string subject, IReadOnlyList<AuditChange>? changes, CancellationToken cancellationToken,
        AuditActor? actor = null)
    {
        Note(action, subject, changes, actor);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The tenant's entries matching <paramref name="filter"/>, newest first; <paramref name="take"/> null for all.</summary>
    public IAsyncEnumerable<AuditEntry> FindAsync(AuditFilter filter, long? olderThanId, int? take)
    {
        var entries = db.Set<AuditEntry>().AsNoTracking();
        if (filter.Area is { } area)
        {
            var actions = AuditActions.In(area);
            entries = entries.Where(e => actions.Contains(e.Action));
        }
        if (filter.AccountId is { Length: > 0 } accountId) entries = entries.Where(e => e.ActorAccountId == accountId);
        if (filter.Actor is { } actor) entries = entries.Where(e => e.Actor == actor);
        if (filter.Text is { Length: > 0 } text)
            entries = entries.Where(e => EF.Functions.ILike(e.Subject, LikePattern.Containing(text), LikePattern.Escape));
        if (olderThanId is { } id) entries = entries.Where(e => e.Id < id);
        var ordered = entries.OrderByDescending(e => e.Id);
        return (take is { } count ? ordered.Take(count) : ordered).AsAsyncEnumerable();
    }

    /// <summary>The admins who appear in the trail, for the filter's list.</summary>
    public Task<List<string>> ActorAccountIdsAsync(CancellationToken cancellationToken) =>
        db.Set<AuditEntry>().Where(e => e.ActorAccountId != null).Select(e => e.ActorAccountId!).Distinct().ToListAsync(cancellationToken);
}

/// <summary>What the audit page filters on; every part optional.</summary>
public sealed record AuditFilter(AuditArea? Area = null, AuditActor? Actor = null, string? AccountId = null, string? Text = null);

/// <summary>
/// What changed between two descriptions of the same thing (each a list of field → shown value, in display order).
/// A description never holds a secret's value; a replaced secret is said as its own change.
/// </summary>
public static class AuditChanges
{
    public const string Replaced = "replaced";

    public static List<AuditChange> Between(IReadOnlyList<(string Field, string? Value)>? before, IReadOnlyList<(string Field, string? Value)>? after)
    {
        var old = (before ?? []).Where(f => !string.IsNullOrEmpty(f.Value)).ToDictionary(f => f.Field, f => f.Value);
        var now = (after ?? []).Where(f => !string.IsNullOrEmpty(f.Value)).ToDictionary(f => f.Field, f => f.Value);
        var fields = (after ?? []).Select(f => f.Field).Concat((before ?? []).Select(f => f.Field)).Distinct();
        return fields
            .Select(field => new AuditChange(field, old.GetValueOrDefault(field), now.GetValueOrDefault(field)))
            .Where(change => change.Before != change.After)
            .ToList();
    }

    public static AuditChange SecretReplaced(string field) => new(field, null, Replaced);
}
