using Connector.Web.Csm;

namespace Connector.Web.Connections;

/// <summary>
/// Which source field feeds which CSM field. Customers are identified by email; organizations by
/// their External ID detail when one is mapped, else by name.
/// </summary>
public sealed record FieldMapping
{
    public string? CustomerEmail { get; init; }
    public string? CustomerName { get; init; }

    /// <summary>The source field naming the customer's organization (or the organization itself).</summary>
    public string? OrganizationName { get; init; }

    public IReadOnlyList<DetailMapping> Details { get; init; } = [];

    public const string ExternalIdField = "External ID";

    /// <summary>The customer detail the "mark" deactivation policy sets to Inactive.</summary>
    public const string StatusField = "Status";

    public DetailMapping? OrganizationExternalId =>
        Details.FirstOrDefault(d => d.Entity == CsmEntity.Organization && string.Equals(d.Field, ExternalIdField, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One detail field: its CSM name and type, and the source field it is filled from.</summary>
public sealed record DetailMapping(CsmEntity Entity, string Field, CsmFieldType Type, string Source, IReadOnlyList<string>? Options = null)
{
    public CsmField Definition => new(Entity, Field, Type, Options);
}
