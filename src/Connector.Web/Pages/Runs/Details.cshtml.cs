using Connector.Web.Connections;
using Connector.Web.Imports;
using Connector.Web.Platform.Database;
using Connector.Web.Tenancy.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Pages.Runs;

/// <summary>One run: what it did, live while it runs, and its log down to each record that failed.</summary>
public sealed class DetailsModel(ImportRuns runs, ConnectionStore connections, ConnectorDb db, PageSession session, TimeProvider time) : PageModel
{
    public DateTimeOffset Now => time.GetUtcNow();
    public const int PageSize = 200;

    public ImportRun Run { get; private set; } = null!;
    public Connection? Connection { get; private set; }
    public IReadOnlyList<ImportEvent> Events { get; private set; } = [];
    public int EventCount { get; private set; }
    public string Level { get; private set; } = "all";
    public string? Record { get; private set; }
    /// <summary>The page shows entries older than this one (newest first); null for the newest page.</summary>
    public long? Before { get; private set; }
    public long? OlderPageStart { get; private set; }
    /// <summary>The kind of run an admin asked for that did not start, because this one was already running.</summary>
    public RunKind? NotStarted { get; private set; }

    /// <summary>The run whose failed records this run retries ("Retry failed records").</summary>
    public ImportRun? RetryOf { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? level, string? record, long? before, RunKind? notStarted, Guid? retryOf, CancellationToken cancellationToken)
    {
        if (await runs.FindAsync(id, cancellationToken) is not { } run) return NotFound();
        Run = run;
        Connection = await connections.FindAsync(run.ConnectionId, cancellationToken);
        Level = level is "error" or "warning" or "info" ? level : "all";
        Record = string.IsNullOrWhiteSpace(record) ? null : record.Trim();
        Before = before;

        var events = db.Set<ImportEvent>().Where(e => e.RunId == id);
        if (Level != "all")
        {
            var wanted = EnumText.Parse<EventLevel>(Level);
            events = events.Where(e => e.Level == wanted);
        }
        if (Record is not null) events = events.Where(e => e.RecordKey != null && EF.Functions.ILike(e.RecordKey, LikePattern.Containing(Record), LikePattern.Escape));
        EventCount = await events.CountAsync(cancellationToken);
        // Keyset paging on the append-only id: stable while a running import keeps adding entries.
        if (before is { } newestExcluded) events = events.Where(e => e.Id < newestExcluded);
        var page = await events.OrderByDescending(e => e.Id).Take(PageSize + 1).AsNoTracking().ToListAsync(cancellationToken);
        Events = page.Take(PageSize).ToList();
        OlderPageStart = page.Count > PageSize ? Events[^1].Id : null;
        NotStarted = notStarted;
        if (retryOf is { } original) RetryOf = await runs.FindAsync(original, cancellationToken);
        return Page();
    }

    /// <summary>A link to this run's log with the current filters, changed as given.</summary>
    public string LogLink(string? level = null, long? before = null, bool keepRecord = true)
    {
        var query = new QueryString().Add("level", level ?? Level);
        if (keepRecord && Record is not null) query = query.Add("record", Record);
        if (before is not null) query = query.Add("before", before.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return session.Link($"/runs/{Run.Id}{query}");
    }

    public async Task<IActionResult> OnPostConfirmAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await runs.FindAsync(id, cancellationToken) is null) return NotFound();
        await runs.ConfirmDeactivationAsync(id, cancellationToken);
        return Redirect(session.Link($"/runs/{id}"));
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await runs.FindAsync(id, cancellationToken) is null) return NotFound();
        await runs.RequestCancelAsync(id, cancellationToken);
        return Redirect(session.Link($"/runs/{id}"));
    }
}
