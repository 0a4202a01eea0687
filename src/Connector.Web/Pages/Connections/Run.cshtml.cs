using Connector.Web.Connections;
using Connector.Web.Imports;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Access;
using Connector.Web.Tenancy.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Connector.Web.Pages.Connections;

/// <summary>Steps 2 and 3: start a Test or Full Import, or show the one already running.</summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RateLimits.RunStarts)]
public sealed class RunModel(ConnectionStore connections, ImportRuns runs, TenantContext tenantContext, PageSession session) : PageModel
{
    /// <param name="retryOf">A Full Import whose failed records this one retries: delta imports write only what is not yet written.</param>
    public async Task<IActionResult> OnPostAsync(Guid id, RunKind kind, Guid? retryOf, CancellationToken cancellationToken)
    {
        if (await connections.FindAsync(id, cancellationToken) is not { } connection) return NotFound();
        var outcome = await runs.StartAsync(connection, kind, RunTrigger.User, tenantContext.AccountId, cancellationToken);
        var note = outcome.AlreadyRunning ? $"?notStarted={kind}" : retryOf is { } original ? $"?retryOf={original}" : "";
        return Redirect(session.Link($"/runs/{outcome.Run.Id}{note}"));
    }
}
