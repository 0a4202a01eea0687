using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Tenancy;

/// <summary>
/// The site's time zone. The product sends it (tz) with every page it frames; the parameter is only
/// trusted here after the page's JWT, whose qsh covers it, was verified.
/// </summary>
public sealed class TenantClock(ConnectorDb db)
{
    public async Task RememberAsync(Tenant tenant, string? timeZone, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(timeZone) || timeZone == tenant.TimeZone || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _)) return;
        tenant.TimeZone = timeZone;
        await db.Set<Tenant>().Where(t => t.Id == tenant.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.TimeZone, timeZone), cancellationToken);
    }

    public static TimeZoneInfo ZoneOf(Tenant tenant) =>
        tenant.TimeZone is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
