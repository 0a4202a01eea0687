using Connector.Web.Connections;
using Connector.Web.Imports;

namespace Connector.Web.Pages.Connections;

/// <summary>
/// Where a connection stands in its three steps, and what the admin can do next: Test and Full Import
/// open up once Build succeeded for the current mapping, and nothing starts while a run is active.
/// </summary>
public sealed record ConnectionSteps(bool Built, bool Tested, bool Imported, ImportRun? ActiveRun)
{
    public static ConnectionSteps Of(Connection connection, StepsDone? done, ImportRun? latest)
    {
        // A Test or Full Import counts only if it ran on the fields of the current mapping.
        bool After(DateTimeOffset? finished) => finished is { } at && (connection.BuiltAt is not { } built || at >= built);
        return new ConnectionSteps(connection.IsBuilt, connection.IsBuilt && After(done?.Tested), connection.IsBuilt && After(done?.Imported),
            latest is { IsActive: true } ? latest : null);
    }

    public string? BuildBlocked => ActiveRun is null ? null : "An import is running; Build when it has finished.";

    public string? TestBlocked => ActiveRun is not null ? $"A {KindName(ActiveRun.Kind)} is running."
        : !Built ? "Run Build first: it creates the detail fields this mapping needs." : null;

    public string? FullBlocked => TestBlocked;

    public string Next => (Built, Tested, Imported) switch
    {
        (false, _, _) => "Next: Build",
        (true, false, false) => "Next: Test",
        (true, _, false) => "Next: Full Import",
        _ => "All three steps done",
    };

    static string KindName(RunKind kind) => ImportRuns.KindWords(kind);
}
