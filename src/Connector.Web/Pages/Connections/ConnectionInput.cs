using System.ComponentModel.DataAnnotations;
using Connector.Web.Connections;
using Connector.Web.Csm;

namespace Connector.Web.Pages.Connections;

/// <summary>What the connection form posts, mapping table included.</summary>
public sealed class ConnectionInput
{
    [Required(ErrorMessage = "Give the connection a name.")]
    [StringLength(100, ErrorMessage = "Keep the name under 100 characters.")]
    public string Name { get; set; } = "";

    public Guid? SourceId { get; set; }
    public Destination Destination { get; set; } = Destination.Customers;
    public Schedule Schedule { get; set; } = Schedule.None;
    public string? ScheduleTime { get; set; } = "02:00";
    public int? ScheduleDay { get; set; } = 1;
    public DeactivationPolicy Deactivation { get; set; } = DeactivationPolicy.Ignore;

    [Range(0, 100, ErrorMessage = "Enter a share between 0 and 100.")]
    public int SafetyStopPercent { get; set; } = 10;
    public string? CustomerEmail { get; set; }
    public string? CustomerName { get; set; }
    public string? OrganizationName { get; set; }
    public List<DetailRow> Details { get; set; } = [];

    /// <summary>Daily and weekly imports run in the quiet hours of the site's time zone.</summary>
    public static IEnumerable<string> QuietTimes => Enumerable.Range(0, 12).Select(i => TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(30 * i)).ToString("HH:mm"));

    public static ConnectionInput From(Connection connection) => new ConnectionInput
    {
        Name = connection.Name,
        SourceId = connection.SourceId,
        Destination = connection.Destination,
        Schedule = connection.Schedule,
        ScheduleTime = (connection.ScheduleTime ?? new TimeOnly(2, 0)).ToString("HH:mm"),
        ScheduleDay = connection.ScheduleDay ?? 1,
        Deactivation = connection.DeactivationPolicy,
        SafetyStopPercent = connection.SafetyStopPercent,
    }.WithMapping(connection.Mapping);

    public ConnectionInput WithMapping(FieldMapping mapping)
    {
        CustomerEmail = mapping.CustomerEmail;
        CustomerName = mapping.CustomerName;
        OrganizationName = mapping.OrganizationName;
        Details = mapping.Details.Select(d => new DetailRow
        {
            Entity = d.Entity, Field = d.Field, Type = d.Type, Source = d.Source, Options = d.Options is null ? null : string.Join(", ", d.Options),
        }).ToList();
        return this;
    }

    public FieldMapping ToMapping() => new()
    {
        CustomerEmail = Blank(CustomerEmail),
        CustomerName = Blank(CustomerName),
        OrganizationName = Blank(OrganizationName),
        Details = Details.Where(d => !string.IsNullOrWhiteSpace(d.Field) && !string.IsNullOrWhiteSpace(d.Source))
            .Select(d => new DetailMapping(d.Entity, d.Field!.Trim(), d.Type, d.Source!,
                d.Type is CsmFieldType.SELECT or CsmFieldType.MULTISELECT
                    ? (d.Options ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    : null))
            .ToList(),
    };

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

public sealed class DetailRow
{
    public CsmEntity Entity { get; set; }
    public string? Field { get; set; }
    public CsmFieldType Type { get; set; }
    public string? Source { get; set; }
    public string? Options { get; set; }
}
