using Connector.Web.Connections;
using Connector.Web.Imports;
using Connector.Web.Platform.Database;
using Connector.Web.Tenancy;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Pages.Connections;

/// <summary>What is coming (next scheduled runs) and what happened (the last 30 days, a square per day).</summary>
public sealed class ActivityModel(ConnectionStore connections, ConnectorDb db, TenantContext tenantContext, TimeProvider time) : PageModel
{
    public const int Days = 30;

    public sealed record Day(DateOnly Date, string Outcome, int Runs, Guid? OnlyRun = null);
    public sealed record Row(Connection Connection, DateTimeOffset? NextRun, IReadOnlyList<Day> Days);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public TimeZoneInfo SiteZone { get; private set; } = TimeZoneInfo.Utc;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        SiteZone = TenantClock.ZoneOf(tenantContext.RequiredTenant);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), SiteZone).DateTime);
        var since = time.GetUtcNow().AddDays(-Days - 1);
        var runs = await db.Set<ImportRun>().Where(r => r.QueuedAt >= since && r.Kind == RunKind.Full).AsNoTracking().ToListAsync(cancellationToken);
        var rows = new List<Row>();
        foreach (var connection in await connections.ListAsync(cancellationToken))
        {
            var byDay = runs.Where(r => r.ConnectionId == connection.Id)
                .GroupBy(r => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.QueuedAt, SiteZone).DateTime))
                .ToDictionary(g => g.Key, g => g.ToList());
            var days = Enumerable.Range(0, Days).Select(i => today.AddDays(i - Days + 1)).Select(date =>
                byDay.TryGetValue(date, out var dayRuns) ? new Day(date, Worst(dayRuns), dayRuns.Count, dayRuns.Count == 1 ? dayRuns[0].Id : null) : new Day(date, "none", 0)).ToList();
            rows.Add(new Row(connection, Schedules.ConnectionSchedules.NextRun(connection, tenantContext.RequiredTenant, time.GetUtcNow()), days));
        }
        Rows = rows;
    }

    static string Worst(List<ImportRun> runs) =>
        runs.Any(r => r.Status == RunStatus.Failed) ? "failed"
        : runs.Any(r => r.Status == RunStatus.Partial) ? "partial"
        : runs.Any(r => r.Status == RunStatus.Succeeded) ? "success"
        : "other";
}
