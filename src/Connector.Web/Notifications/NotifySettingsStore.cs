using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Notifications;

public sealed class NotifySettingsStore(ConnectorDb db, TimeProvider time)
{
    public async Task<NotificationSettings> GetAsync(CancellationToken cancellationToken) =>
        await db.Set<NotificationSettings>().SingleOrDefaultAsync(cancellationToken) ?? new NotificationSettings();

    public async Task SaveAsync(NotificationSettings changes, CancellationToken cancellationToken)
    {
        var stored = await db.Set<NotificationSettings>().SingleOrDefaultAsync(cancellationToken);
        if (stored is null) db.Add(stored = new NotificationSettings());
        stored.Emails = changes.Emails;
        (stored.OnRunFailed, stored.OnRecordErrors, stored.OnCredentials, stored.OnExpiry) =
            (changes.OnRunFailed, changes.OnRecordErrors, changes.OnCredentials, changes.OnExpiry);
        stored.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }
}
