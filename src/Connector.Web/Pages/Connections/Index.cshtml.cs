using Connector.Web.Connections;
using Connector.Web.Csm;
using Connector.Web.Imports;
using Connector.Web.Schedules;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Connector.Web.Pages.Connections;

public sealed class IndexModel(
    ConnectionStore connections, ImportRuns runs, CsmDestinations destinations, TenantContext tenantContext, PageSession session, TimeProvider time)
    : PageModel
{
    public IReadOnlyList<Connection> Connections { get; private set; } = [];
    public Dictionary<Guid, ImportRun> LastRuns { get; private set; } = [];
    public Dictionary<Guid, StepsDone> Done { get; private set; } = [];
    public Dictionary<Guid, DateTimeOffset> NextRuns { get; } = [];
    public TimeZoneInfo SiteZone { get; private set; } = TimeZoneInfo.Utc;
    public string? AddRefusal { get; private set; }
    public bool HasCsmAccess { get; private set; }
    public string? Saved { get; private set; }
    public string? Deleted { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? saved, string? deleted, [FromQuery(Name = "ac.run")] Guid? run, CancellationToken cancellationToken)
    {
        // Opened from an email's link to a run (Jira hands ac.* parameters to the app): go to that run.
        if (run is { } runId && await runs.FindAsync(runId, cancellationToken) is not null) return Redirect(session.Link($"/runs/{runId}"));
        Connections = await connections.ListAsync(cancellationToken);
        LastRuns = await runs.LatestByConnectionAsync(cancellationToken);
        Done = await runs.StepsDoneAsync(cancellationToken);
        var tenant = tenantContext.RequiredTenant;
        foreach (var connection in Connections)
            if (ConnectionSchedules.NextRun(connection, tenant, time.GetUtcNow()) is { } next) NextRuns[connection.Id] = next;
        SiteZone = TenantClock.ZoneOf(tenant);
        AddRefusal = connections.AddRefusal(hasConnection: Connections.Count > 0);
        HasCsmAccess = await destinations.FindAsync(tenant, cancellationToken) is not null;
        (Saved, Deleted) = (saved, deleted);
        return Page();
    }

    public ConnectionSteps Steps(Connection connection) =>
        ConnectionSteps.Of(connection, Done.GetValueOrDefault(connection.Id), LastRuns.GetValueOrDefault(connection.Id));

    public static string Describe(Destination destination) => destination switch
    {
        Destination.Customers => "Customers",
        Destination.Organizations => "Organizations",
        _ => "Customers and organizations",
    };

    public static string Describe(Connection c) => c.Schedule switch
    {
        Schedule.Hourly => "Hourly",
        Schedule.Daily => $"Daily, {c.ScheduleTime:HH\\:mm}–{c.ScheduleTime?.AddMinutes(30):HH\\:mm}",
        Schedule.Weekly => $"Weekly on {(DayOfWeek)(c.ScheduleDay ?? 1)}s, {c.ScheduleTime ?? new TimeOnly(2, 0):HH\\:mm}",
        _ => "None",
    };

    public static string Lozenge(RunStatus status) => status switch
    {
        RunStatus.Succeeded => "lozenge-success",
        RunStatus.Failed => "lozenge-danger",
        RunStatus.Cancelled => "lozenge-neutral",
        RunStatus.Partial or RunStatus.Paused => "lozenge-warning",
        _ => "lozenge-info",
    };
}
