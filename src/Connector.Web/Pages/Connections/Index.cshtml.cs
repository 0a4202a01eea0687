using Connector.Web.Connections;
using Connector.Web.Csm;
using Connector.Web.Imports;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Connector.Web.Pages.Connections;

public sealed class IndexModel(ConnectionStore connections, ImportRuns runs, CsmAccessStore access) : PageModel
{
    public IReadOnlyList<Connection> Connections { get; private set; } = [];
    public Dictionary<Guid, ImportRun> LastRuns { get; } = [];
    public string? AddRefusal { get; private set; }
    public bool HasCsmAccess { get; private set; }
    public string? Saved { get; private set; }
    public string? Deleted { get; private set; }

    public async Task OnGetAsync(string? saved, string? deleted, CancellationToken cancellationToken)
    {
        Connections = await connections.ListAsync(cancellationToken);
        foreach (var connection in Connections)
            if ((await runs.RecentAsync(connection.Id, 1, cancellationToken)).FirstOrDefault() is { } last) LastRuns[connection.Id] = last;
        AddRefusal = await connections.AddRefusalAsync(cancellationToken);
        HasCsmAccess = await access.FindAsync(cancellationToken) is not null;
        (Saved, Deleted) = (saved, deleted);
    }

    public static string Describe(Destination destination) => destination switch
    {
        Destination.Customers => "Customers",
        Destination.Organizations => "Organizations",
        _ => "Customers and organizations",
    };

    public static string Describe(Connection c) => c.Schedule switch
    {
        Schedule.Hourly => "Hourly",
        Schedule.Daily => $"Daily at {c.ScheduleTime:HH\\:mm} (site time)",
        Schedule.Weekly => $"Weekly on {(DayOfWeek)(c.ScheduleDay ?? 1)}s at {c.ScheduleTime ?? new TimeOnly(2, 0):HH\\:mm}",
        _ => "None",
    };

    public static string Lozenge(RunStatus status) => status switch
    {
        RunStatus.Succeeded => "lozenge-success",
        RunStatus.Failed or RunStatus.Cancelled => "lozenge-danger",
        RunStatus.Partial => "lozenge-warning",
        _ => "lozenge-info",
    };
}
