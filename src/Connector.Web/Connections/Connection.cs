using System.Text.Json;
using Connector.Web.Csm;
using Connector.Web.Platform.Database;
using Connector.Web.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connector.Web.Connections;

/// <summary>A source feeding the tenant's CSM directory, with its mapping and schedule.</summary>
public sealed class Connection : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public Guid SourceId { get; set; }
    public ExternalSource? Source { get; set; }
    public Destination Destination { get; set; } = Destination.Customers;
    public Schedule Schedule { get; set; } = Schedule.None;
    public TimeOnly? ScheduleTime { get; set; }
    public int? ScheduleDay { get; set; }
    public DeactivationPolicy DeactivationPolicy { get; set; } = DeactivationPolicy.Ignore;

    /// <summary>A Full Import that would deactivate more than this share (%) of the connection's customers waits for an admin.</summary>
    public int SafetyStopPercent { get; set; } = 10;
    public FieldMapping Mapping { get; set; } = new();
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The <see cref="FieldsKey"/> of the mapping whose fields Build last created or found, and when.</summary>
    public string? BuiltFieldsKey { get; set; }
    public DateTimeOffset? BuiltAt { get; set; }

    /// <summary>Step 1 is done for the current mapping: its fields were built, or it needs none.</summary>
    public bool IsBuilt => FieldsKey() is var key && (key == NoFieldsKey || BuiltFieldsKey == key);

    /// <summary>A fingerprint of the detail fields this connection needs: a mapping that needs other fields needs Build again.</summary>
    public string FieldsKey()
    {
        // A list asks every row; remembered until the mapping, destination or policy it was made from changes.
        var basis = (Mapping, Destination, DeactivationPolicy);
        if (fieldsKey is { } known && known.Basis.Equals(basis)) return known.Key;
        var fields = Enum.GetValues<CsmEntity>().SelectMany(RequiredFields)
            .Select(f => $"{f.Entity}:{f.Name.ToLowerInvariant()}:{f.Type}").Order(StringComparer.Ordinal).ToList();
        var key = fields.Count == 0 ? NoFieldsKey : KeyOf(string.Join('\n', fields));
        fieldsKey = (basis, key);
        return key;
    }

    const string NoFieldsKey = "none";
    ((FieldMapping, Destination, DeactivationPolicy) Basis, string Key)? fieldsKey;

    static string KeyOf(string fields) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(fields)))[..16];

    public bool ImportsCustomers => Destination is Destination.Customers or Destination.CustomersAndOrganizations;
    public bool ImportsOrganizations => Destination is Destination.Organizations or Destination.CustomersAndOrganizations;

    public bool Imports(CsmEntity entity) => entity == CsmEntity.Customer ? ImportsCustomers : ImportsOrganizations;

    /// <summary>The detail fields the mapping fills for one entity (not the Status field deactivation sets).</summary>
    public IEnumerable<string> MappedFields(CsmEntity entity) => Mapping.Details.Where(d => d.Entity == entity).Select(d => d.Field);

    /// <summary>
    /// The detail fields this connection writes for one entity, once each: the mapping's, plus the Status
    /// field the "mark inactive" policy sets. Build creates them; an import refuses to start without them.
    /// </summary>
    public IReadOnlyList<CsmField> RequiredFields(CsmEntity entity)
    {
        if (!Imports(entity)) return [];
        var fields = Mapping.Details.Where(d => d.Entity == entity).Select(d => d.Definition)
            .DistinctBy(f => f.Name.ToLowerInvariant()).ToList();
        if (entity == CsmEntity.Customer && DeactivationPolicy == DeactivationPolicy.MarkInactive
            && !fields.Any(f => string.Equals(f.Name, FieldMapping.StatusField, StringComparison.OrdinalIgnoreCase)))
            fields.Add(new CsmField(CsmEntity.Customer, FieldMapping.StatusField, CsmFieldType.TEXT));
        return fields;
    }
}

public enum Destination
{
    Customers,
    Organizations,
    CustomersAndOrganizations,
}

public enum Schedule
{
    None,
    Hourly,
    Daily,
    Weekly,
}

/// <summary>What happens to records that vanished from the source since the last full import.</summary>
public enum DeactivationPolicy
{
    Ignore,
    MarkInactive,
    RemoveFromOrganization,
}

sealed class ConnectionConfiguration : IEntityTypeConfiguration<Connection>
{
    public void Configure(EntityTypeBuilder<Connection> connection)
    {
        connection.ToTable("connections");
        connection.HasKey(c => c.Id);
        connection.HasOne(c => c.Source).WithMany().HasForeignKey(c => c.SourceId).OnDelete(DeleteBehavior.Restrict);
        connection.Property(c => c.Destination).HasConversion(EnumText.Converter<Destination>());
        connection.Property(c => c.Schedule).HasConversion(EnumText.Converter<Schedule>());
        connection.Property(c => c.DeactivationPolicy).HasConversion(EnumText.Converter<DeactivationPolicy>());
        connection.Property(c => c.Mapping).HasColumnType("jsonb").HasConversion(
            mapping => JsonSerializer.Serialize(mapping, JsonSerializerOptions.Web),
            json => JsonSerializer.Deserialize<FieldMapping>(json, JsonSerializerOptions.Web)!);
        connection.Ignore(c => c.IsBuilt);
        connection.Ignore(c => c.ImportsCustomers);
        connection.Ignore(c => c.ImportsOrganizations);
    }
}
