using Connector.Web.Connect.Auth;
using Connector.Web.Connections;
using Connector.Web.Imports;
using Connector.Web.Platform.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Pages.Runs;

/// <summary>One run: what it did, live while it runs, and its log down to each record that failed.</summary>
public sealed class DetailsModel(ImportRuns runs, ConnectionStore connections, ConnectorDb db, ConnectSession session) : PageModel
{
    const int MaxEventsShown = 500;

    public ImportRun Run { get; private set; } = null!;
    public Connection? Connection { get; private set; }
    public IReadOnlyList<ImportEvent> Events { get; private set; } = [];
    public int EventCount { get; private set; }
    public string Level { get; private set; } = "all";
    public bool AlreadyRunning { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? level, bool? already, CancellationToken cancellationToken)
    {
        if (await runs.FindAsync(id, cancellationToken) is not { } run) return NotFound();
        Run = run;
        Connection = await connections.FindAsync(run.ConnectionId, cancellationToken);
        Level = level is "error" or "warning" or "info" ? level : "all";
        var events = db.Set<ImportEvent>().Where(e => e.RunId == id);
        if (Level != "all") events = events.Where(e => e.Level == Level);
        EventCount = await events.CountAsync(cancellationToken);
        Events = await events.OrderByDescending(e => e.Id).Take(MaxEventsShown).AsNoTracking().ToListAsync(cancellationToken);
        AlreadyRunning = already == true;
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await runs.FindAsync(id, cancellationToken) is null) return NotFound();
        await runs.RequestCancelAsync(id, cancellationToken);
        return Redirect(session.Link($"/runs/{id}"));
    }
}
