using Connector.Web.Platform.Text;

namespace Connector.Web.Connections;

/// <summary>A connection as the audit trail describes it: its settings, schedule and every mapped field.</summary>
static class ConnectionAudit
{
    public static IReadOnlyList<(string Field, string? Value)> Describe(Connection connection, string? sourceName)
    {
        var mapping = connection.Mapping;
        List<(string, string?)> fields =
        [
            ("Name", connection.Name),
            ("Source", sourceName),
            ("Destination", EnumWords.Of(connection.Destination)),
            ("Schedule", Schedule(connection)),
            ("Records gone from the source", EnumWords.Of(connection.DeactivationPolicy)),
            ("Safety stop", connection.DeactivationPolicy == DeactivationPolicy.Ignore ? null : $"{connection.SafetyStopPercent}%"),
            ("Customer email from", mapping.CustomerEmail),
            ("Customer name from", mapping.CustomerName),
            ("Organization from", mapping.OrganizationName),
        ];
        foreach (var detail in mapping.Details)
            fields.Add(($"{EnumWords.Of(detail.Entity)} detail “{detail.Field}”",
                $"{detail.Type} from {detail.Source}" + (detail.Options is { Count: > 0 } options ? $" ({string.Join(", ", options)})" : "")));
        return fields;
    }

    static string Schedule(Connection c) => c.Schedule switch
    {
        Connections.Schedule.Hourly => "Hourly",
        Connections.Schedule.Daily => $"Daily at {c.ScheduleTime:HH\\:mm}",
        Connections.Schedule.Weekly => $"Weekly on {(DayOfWeek)(c.ScheduleDay ?? 1)}s at {c.ScheduleTime:HH\\:mm}",
        _ => "None",
    };
}
