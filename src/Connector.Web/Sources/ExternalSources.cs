using Connector.Web.Connect.Tenants;
using Connector.Web.Platform.Database;
using Connector.Web.Platform.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Connector.Web.Sources;

/// <summary>
/// Checking, saving and deleting a tenant's sources. A source is only ever saved after its check
/// passed, its secret only ever stored encrypted, and every status change is recorded as an event.
/// </summary>
public sealed class ExternalSources(
    ConnectorDb db, SourceAdapters adapters, SecretProtector secrets, TenantContext tenantContext, Notifications.Alerts alerts,
    IOptions<SourcesOptions> options, TimeProvider time)
{
    public Task<List<ExternalSource>> ListAsync(CancellationToken cancellationToken) =>
        db.Set<ExternalSource>().OrderBy(s => s.Name).ToListAsync(cancellationToken);

    /// <summary>Null when the source does not exist for this tenant, whoever else it may belong to.</summary>
    public Task<ExternalSource?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<ExternalSource>().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);

    public Task<bool> NameTakenAsync(string name, Guid? except, CancellationToken cancellationToken) =>
        db.Set<ExternalSource>().AnyAsync(s => s.Name.ToLower() == name.Trim().ToLower() && s.Id != except, cancellationToken);

    /// <summary>Checks credentials and the entered expiry date together, as the admin will see the result.</summary>
    public async Task<SourceCheck> CheckAsync(SourceType type, SourceSettings settings, string? secret, DateOnly? expiresOn,
        CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (expiresOn is { } expired && expired < today)
            return SourceCheck.Failed($"The API key expired on {expired:yyyy-MM-dd}. Create a new key and enter it here.");
        var check = await adapters.For(type).CheckAsync(new SourceAccess(tenantContext.RequiredTenant.Id, settings, secret), cancellationToken);
        if (check.Status == SourceStatus.Connected && expiresOn is { } expires && expires <= today.AddDays(options.Value.ExpiryWarningDays))
            check = check with { Reason = $"The API key expires on {expires:yyyy-MM-dd}, in {expires.DayNumber - today.DayNumber} days. Create a new key before then." };
        return check;
    }

    /// <summary>Saves a source whose check passed (new when <paramref name="source"/> is not yet tracked).</summary>
    public async Task SaveAsync(ExternalSource source, SourceCheck check, string? newSecret, string accountId, string displayName,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (db.Entry(source).State == EntityState.Detached)
        {
            source.CreatedAt = now;
            db.Add(source);
        }
        if (newSecret is not null) source.SecretProtected = secrets.Protect(newSecret);
        if (check.LearnedSettings is { } learned) source.Settings = learned;
        source.LastUpdatedByAccountId = accountId;
        source.LastUpdatedByName = displayName;
        source.LastUpdatedAt = now;
        RecordCheck(source, check, "saved");
        await db.SaveChangesAsync(cancellationToken);
        await TellAdminsAsync(source, cancellationToken);
    }

    /// <summary>The stored secret in plain text, for one outgoing check or read; never for display.</summary>
    public string? StoredSecret(ExternalSource source) =>
        source.SecretProtected is null ? null : secrets.Unprotect(source.SecretProtected);

    /// <summary>Rechecks a stored source with its stored secret (the daily job, or "Check now").</summary>
    public async Task RecheckAsync(ExternalSource source, CancellationToken cancellationToken)
    {
        var check = await CheckAsync(source.Type, source.Settings, StoredSecret(source), source.ExpiresOn, cancellationToken);
        RecordCheck(source, check, "rechecked");
        await db.SaveChangesAsync(cancellationToken);
        await TellAdminsAsync(source, cancellationToken);
    }

    /// <summary>Credentials failing, or a key about to expire, is an incident until the source is fine again.</summary>
    async Task TellAdminsAsync(ExternalSource source, CancellationToken cancellationToken)
    {
        var (credentialsKey, expiryKey) = ($"source:{source.Id}", $"expiry:{source.Id}");
        if (source.Status == SourceStatus.Error)
            await alerts.RaiseAsync(credentialsKey, Notifications.AlertKind.Credentials, $"External source “{source.Name}” cannot be used",
                source.StatusReason ?? "Its check failed.", $"/sources/edit/{source.Id}", cancellationToken);
        else
            await alerts.ResolveAsync(credentialsKey, $"External source “{source.Name}” is connected again.", cancellationToken);

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (source.Status == SourceStatus.Connected && source.ExpiresOn is { } expires && expires <= today.AddDays(options.Value.ExpiryWarningDays))
            await alerts.RaiseAsync(expiryKey, Notifications.AlertKind.Expiry, $"The API key of “{source.Name}” expires on {expires:yyyy-MM-dd}",
                "Create a new key and enter it on the source before then, or its imports will stop.", $"/sources/edit/{source.Id}", cancellationToken);
        else
            await alerts.ResolveAsync(expiryKey, $"External source “{source.Name}” has a key that is not about to expire.", cancellationToken);
    }

    public async Task DeleteAsync(ExternalSource source, CancellationToken cancellationToken)
    {
        db.Remove(source);
        db.Add(Event(source, "deleted", $"{source.Name} was deleted."));
        await db.SaveChangesAsync(cancellationToken);
    }

    void RecordCheck(ExternalSource source, SourceCheck check, string occasion)
    {
        if (source.Status != check.Status)
            db.Add(Event(source, "status_changed", $"{occasion}: {source.Status} → {check.Status}" + (check.Reason is null ? "" : $" ({check.Reason})")));
        source.Status = check.Status;
        source.StatusReason = check.Reason;
        source.StatusCheckedAt = time.GetUtcNow();
    }

    SourceEvent Event(ExternalSource source, string kind, string detail) => new()
    {
        SourceId = source.Id, Kind = kind, Detail = detail, OccurredAt = time.GetUtcNow(),
    };
}

/// <summary>Something that happened to a source; append-only.</summary>
public sealed class SourceEvent : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid SourceId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public required string Kind { get; set; }
    public required string Detail { get; set; }
}

sealed class SourceEventConfiguration : IEntityTypeConfiguration<SourceEvent>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<SourceEvent> sourceEvent)
    {
        sourceEvent.ToTable("source_events");
        sourceEvent.HasKey(e => e.Id);
        sourceEvent.Property(e => e.Id).UseSerialColumn();
    }
}
