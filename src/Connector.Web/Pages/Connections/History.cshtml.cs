using Connector.Web.Connections;
using Connector.Web.Imports;
using Connector.Web.Pages.Shared;
using Connector.Web.Platform.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Pages.Connections;

/// <summary>Every run of one connection, newest first, a page at a time; optionally one day of them (from the Activity squares).</summary>
public sealed class HistoryModel(ConnectionStore connections, ConnectorDb db, SiteTime siteTime) : PageModel
{
    public const int PageSize = 50;

    public Connection Connection { get; private set; } = null!;
    public IReadOnlyList<ImportRun> Runs { get; private set; } = [];
    public DateOnly? Day { get; private set; }
    /// <summary>Where the next (older) page starts: the queue time of this page's last run, in Unix milliseconds.</summary>
    public long? OlderPageStart { get; private set; }
    public bool IsFirstPage { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, DateOnly? day, long? before, CancellationToken cancellationToken)
    {
        if (await connections.FindAsync(id, cancellationToken) is not { } connection) return NotFound();
        (Connection, Day, IsFirstPage) = (connection, day, before is null);
        var runs = db.Set<ImportRun>().AsNoTracking().Where(r => r.ConnectionId == id);
        if (day is { } date)
        {
            var (from, to) = (SiteMidnight(date), SiteMidnight(date.AddDays(1)));
            runs = runs.Where(r => r.QueuedAt >= from && r.QueuedAt < to);
        }
        if (before is { } olderThan)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(olderThan);
            runs = runs.Where(r => r.QueuedAt < at);
        }
        var page = await runs.OrderByDescending(r => r.QueuedAt).Take(PageSize + 1).ToListAsync(cancellationToken);
        Runs = page.Take(PageSize).ToList();
        OlderPageStart = page.Count > PageSize ? Runs[^1].QueuedAt.ToUnixTimeMilliseconds() : null;
        return Page();
    }

    DateTimeOffset SiteMidnight(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, siteTime.Zone.GetUtcOffset(local));
    }

    public string Link(long? before = null)
    {
        var query = new QueryString();
        if (Day is { } day) query = query.Add("day", day.ToString("yyyy-MM-dd"));
        if (before is { } b) query = query.Add("before", b.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return $"/connections/{Connection.Id}/runs{query}";
    }
}
