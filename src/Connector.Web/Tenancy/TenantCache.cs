using System.Collections.Concurrent;

namespace Connector.Web.Tenancy;

/// <summary>
/// Installed tenants kept in memory, so a page load asks the database nothing about who is calling. Correct across
/// instances because PostgreSQL announces every change to a tenant row (a trigger; <see cref="TenantChangeListener"/>
/// hears it and forgets the tenant). While the listener is not connected nothing is cached, and an entry older than
/// <see cref="LongestKept"/> is read again whatever happened.
/// </summary>
public sealed class TenantCache(TimeProvider time)
{
    public static readonly TimeSpan LongestKept = TimeSpan.FromMinutes(5);

    readonly ConcurrentDictionary<Guid, (Tenant Tenant, DateTimeOffset At)> byId = new();
    readonly ConcurrentDictionary<string, Guid> byClientKey = new(StringComparer.Ordinal);
    long generation;
    volatile bool listening;

    /// <summary>Taken before reading a tenant from the database; a change announced meanwhile makes that read too old to keep.</summary>
    public long Generation => Interlocked.Read(ref generation);

    public Tenant? Find(Guid id) =>
        listening && byId.TryGetValue(id, out var entry) && time.GetUtcNow() - entry.At < LongestKept ? entry.Tenant : null;

    public Tenant? Find(string clientKey) => byClientKey.TryGetValue(clientKey, out var id) ? Find(id) : null;

    public void Keep(Tenant tenant, long readAtGeneration)
    {
        if (!listening || readAtGeneration != Generation) return;
        byId[tenant.Id] = (tenant, time.GetUtcNow());
        if (tenant.ClientKey is { } clientKey) byClientKey[clientKey] = tenant.Id;
    }

    public void Forget(Guid id)
    {
        Interlocked.Increment(ref generation);
        if (byId.TryRemove(id, out var entry) && entry.Tenant.ClientKey is { } clientKey) byClientKey.TryRemove(clientKey, out _);
    }

    /// <summary>Listening or not: when the listener loses its connection, it may have missed announcements.</summary>
    public void Listening(bool on)
    {
        listening = on;
        Interlocked.Increment(ref generation);
        byId.Clear();
        byClientKey.Clear();
    }
}
