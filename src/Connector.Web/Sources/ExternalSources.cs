using Connector.Web.Platform.Database;
using Connector.Web.Platform.Secrets;
using Connector.Web.Tenancy.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Connector.Web.Sources;

/// <summary>
/// Checking, saving and deleting a tenant's sources. A source is only ever saved after its check
/// passed, its secret only ever stored encrypted, and every status change is recorded as an event and
/// told to the observers above (Notify Me).
/// </summary>
public sealed class ExternalSources(
    ConnectorDb db, SourceAdapters adapters, SecretProtector secrets,
    IEnumerable<ISourceStatusObserver> observers, AuditTrail audit, IOptions<SourcesOptions> options, TimeProvider time)
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
        var credential = CredentialNames.Of(type);
        if (expiresOn is { } expired && expired < today)
            return SourceCheck.Failed($"The {credential} expired on {expired:yyyy-MM-dd}. Create a new one and enter it here.");
        var check = await adapters.For(type).CheckAsync(new SourceAccess(settings, secret), cancellationToken);
        if (check.Status == SourceStatus.Connected && expiresOn is { } expires && expires <= today.AddDays(options.Value.ExpiryWarningDays))
            check = check with { Reason = $"The {credential} expires on {expires:yyyy-MM-dd}, in {expires.DayNumber - today.DayNumber} days. Create a new one before then." };
        return check;
    }

    /// <summary>Saves a source whose check passed (new when <paramref name="source"/> is not yet tracked).</summary>
    public async Task SaveAsync(ExternalSource source, SourceCheck check, string? newSecret, string accountId, string displayName,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var isNew = db.Entry(source).State == EntityState.Detached;
        var before = isNew ? null : SourceAudit.Describe((ExternalSource)db.Entry(source).OriginalValues.ToObject());
        if (isNew)
        {
            source.CreatedAt = now;
            db.Add(source);
        }
        if (newSecret is not null) source.SecretProtected = secrets.Protect(newSecret);
        if (check.LearnedSettings is { } learned) source.Settings = learned;
        var changes = AuditChanges.Between(before, SourceAudit.Describe(source));
        if (newSecret is not null) changes.Add(AuditChanges.SecretReplaced(source.CredentialName));
        audit.Note(isNew ? AuditAction.SourceCreated : AuditAction.SourceEdited, source.Name, changes);
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

    /// <summary>Reads the stored source from <paramref name="cursor"/> (null: the start) with its stored secret.</summary>
    public IAsyncEnumerable<SourcePage> ReadAsync(ExternalSource source, string? cursor, int pageSize, CancellationToken cancellationToken) =>
        adapters.For(source.Type).ReadAsync(new SourceAccess(source.Settings, StoredSecret(source)), cursor, pageSize, cancellationToken);

    /// <summary>Whether the source can be asked for only what changed since an earlier read.</summary>
    public bool ReadsChanges(ExternalSource source) =>
        adapters.For(source.Type) is ISourceChangeReader reader && reader.ReadsChanges(source.Settings);

    /// <summary>Reads what changed in the stored source since <paramref name="changeToken"/>, from <paramref name="cursor"/>.</summary>
    public IAsyncEnumerable<SourcePage> ReadChangesAsync(ExternalSource source, string changeToken, string? cursor, int pageSize,
        CancellationToken cancellationToken) =>
        ((ISourceChangeReader)adapters.For(source.Type)).ReadChangesAsync(new SourceAccess(source.Settings, StoredSecret(source)), changeToken, cursor,
            pageSize, cancellationToken);

    /// <summary>Rechecks a stored source with its stored secret (the daily job, or "Check now").</summary>
    public async Task RecheckAsync(ExternalSource source, CancellationToken cancellationToken)
    {
        var check = await CheckAsync(source.Type, source.Settings, StoredSecret(source), source.ExpiresOn, cancellationToken);
        RecordCheck(source, check, "rechecked");
        await db.SaveChangesAsync(cancellationToken);
        await TellAdminsAsync(source, cancellationToken);
    }

    /// <summary>Whether the source's key expires within the warning window (and so deserves a warning).</summary>
    public bool ExpiresSoon(ExternalSource source)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return source.ExpiresOn is { } expires && expires >= today && expires <= today.AddDays(options.Value.ExpiryWarningDays);
    }

    async Task TellAdminsAsync(ExternalSource source, CancellationToken cancellationToken)
    {
        var status = new SourceStatusNews(source, ExpiresSoon(source));
        foreach (var observer in observers) await observer.CheckedAsync(status, cancellationToken);
    }

    /// <summary>Deletes the source with its stored secret and its uploaded file.</summary>
    public async Task DeleteAsync(ExternalSource source, CancellationToken cancellationToken)
    {
        db.Remove(source);
        db.Add(Event(source, "deleted", $"{source.Name} was deleted."));
        audit.Note(AuditAction.SourceDeleted, source.Name, AuditChanges.Between(SourceAudit.Describe(source), null));
        await db.SaveChangesAsync(cancellationToken);
        if (source.Settings.FileId is { } fileId) await db.Set<SourceFile>().Where(f => f.Id == fileId).ExecuteDeleteAsync(cancellationToken);
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
