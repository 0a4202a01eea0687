using Connector.Web.Platform.Database;
using Connector.Web.Tenancy.Audit;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Notifications;

public sealed class NotifySettingsStore(ConnectorDb db, AuditTrail audit, TimeProvider time)
{
    public async Task<NotificationSettings> GetAsync(CancellationToken cancellationToken) =>
        await db.Set<NotificationSettings>().SingleOrDefaultAsync(cancellationToken) ?? new NotificationSettings();

    public async Task SaveAsync(NotificationSettings changes, CancellationToken cancellationToken)
    {
        var stored = await db.Set<NotificationSettings>().SingleOrDefaultAsync(cancellationToken);
        var before = stored is null ? null : Describe(stored);
        if (stored is null) db.Add(stored = new NotificationSettings());
        stored.Emails = changes.Emails;
        (stored.OnRunFailed, stored.OnRecordErrors, stored.OnCredentials, stored.OnExpiry) =
            (changes.OnRunFailed, changes.OnRecordErrors, changes.OnCredentials, changes.OnExpiry);
        stored.UpdatedAt = time.GetUtcNow();
        audit.Note(AuditAction.NotificationsChanged, "Notify Me", AuditChanges.Between(before, Describe(stored)));
        await db.SaveChangesAsync(cancellationToken);
    }

    static IReadOnlyList<(string, string?)> Describe(NotificationSettings settings) =>
    [
        ("Emails", string.Join(", ", settings.Emails)),
        ("When a run fails", YesNo(settings.OnRunFailed)),
        ("When records fail", YesNo(settings.OnRecordErrors)),
        ("When a credential stops working", YesNo(settings.OnCredentials)),
        ("Before a key expires", YesNo(settings.OnExpiry)),
    ];

    static string YesNo(bool on) => on ? "yes" : "no";
}
