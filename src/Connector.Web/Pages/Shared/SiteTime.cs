using Connector.Web.Tenancy;

namespace Connector.Web.Pages.Shared;

/// <summary>
/// Every time a page shows is in the site's time zone (the one Jira hands each page), and says so:
/// "2026-11-23 02:00 Europe/Berlin". One zone everywhere, so a schedule and its runs read alike.
/// </summary>
public sealed class SiteTime(TenantContext tenantContext)
{
    TimeZoneInfo? zone;

    public TimeZoneInfo Zone => zone ??= TenantClock.ZoneOf(tenantContext.RequiredTenant);

    /// <summary>The zone's name, for a column header or a label that covers several times.</summary>
    public string ZoneName => Zone.Id == "Etc/UTC" ? "UTC" : Zone.Id;

    /// <summary>The time in the site's zone, labelled with the zone.</summary>
    public string Labelled(DateTimeOffset at, string format = "yyyy-MM-dd HH:mm") => $"{Local(at, format)} {ZoneName}";

    /// <summary>The time in the site's zone without its label, where a header names the zone.</summary>
    public string Local(DateTimeOffset at, string format = "yyyy-MM-dd HH:mm") => TimeZoneInfo.ConvertTime(at, Zone).ToString(format);
}
