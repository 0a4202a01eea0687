using System.Security.Cryptography;
using System.Text;
using Connector.Web.Csm;
using Connector.Web.Sources;

namespace Connector.Web.Connections;

/// <summary>What one source record becomes in CSM, before anything is written.</summary>
public sealed record MappedRecord(string SourceId, MappedCustomer? Customer, MappedOrganization? Organization, IReadOnlyList<string> Problems)
{
    /// <summary>The identity the import matches on: the customer's email, else the organization's key.</summary>
    public string IdentityKey => Customer?.Email ?? Organization?.IdentityKey ?? SourceId;

    /// <summary>How the run log names the record for an admin: the email, else the organization's name, else where the source has it ("line 42").</summary>
    public string ShownAs => Customer?.Email ?? Organization?.Name ?? (SourceId.StartsWith("line-", StringComparison.Ordinal) ? "line " + SourceId[5..] : SourceId);

    string? contentHash;

    /// <summary>A hash of everything this record would write; equal hashes mean nothing to write.</summary>
    public string ContentHash => contentHash ??= ContentHashes.Of(Customer, Organization);
}

public sealed record MappedCustomer(string Email, string DisplayName, IReadOnlyDictionary<string, IReadOnlyList<string>> Details);

public sealed record MappedOrganization(string Name, string? ExternalId, IReadOnlyDictionary<string, IReadOnlyList<string>> Details)
{
    /// <summary>Organizations match on their External ID when one is mapped, else on their name.</summary>
    public string IdentityKey => ExternalId is null ? $"name:{Name.ToLowerInvariant()}" : $"id:{ExternalId}";

    /// <summary>A hash of what the organization itself would write.</summary>
    public string ContentHash => ContentHashes.Of(null, this);
}

static class ContentHashes
{
    public static string Of(MappedCustomer? customer, MappedOrganization? organization)
    {
        var text = new StringBuilder();
        if (customer is { } c) text.Append($"c|{c.Email}|{c.DisplayName}|{Details(c.Details)}\n");
        if (organization is { } o) text.Append($"o|{o.Name}|{o.ExternalId}|{Details(o.Details)}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    static string Details(IReadOnlyDictionary<string, IReadOnlyList<string>> details) =>
        string.Join(";", details.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={string.Join(",", d.Value)}"));
}

public static class RecordMapper
{
    public static MappedRecord Map(SourceRecord record, Connection connection)
    {
        var mapping = connection.Mapping;
        var problems = new List<string>();
        string? Value(string? key) => key is null ? null : record.Values.GetValueOrDefault(key)?.Trim() is { Length: > 0 } v ? v : null;

        MappedOrganization? organization = null;
        if (Value(mapping.OrganizationName) is { } organizationName)
        {
            var details = ConvertDetails(record, mapping, CsmEntity.Organization, problems);
            var externalId = mapping.OrganizationExternalId is { } id ? Value(id.Source) : null;
            organization = new MappedOrganization(organizationName, externalId, details);
        }
        else if (connection.ImportsOrganizations && !connection.ImportsCustomers)
            problems.Add($"has no organization name (source field \"{mapping.OrganizationName}\" is empty)");

        MappedCustomer? customer = null;
        if (connection.ImportsCustomers)
        {
            var email = Value(mapping.CustomerEmail);
            if (email is null || ValueConversion.Convert(email, CsmFieldType.EMAIL).Problem is not null)
                problems.Add(email is null ? "has no email address, which customers are matched by" : $"has \"{email}\", which is not an email address");
            else
                customer = new MappedCustomer(email.ToLowerInvariant(), Value(mapping.CustomerName) ?? email,
                    ConvertDetails(record, mapping, CsmEntity.Customer, problems));
        }
        if (!connection.ImportsOrganizations) organization = organization is null ? null : organization with { Details = new Dictionary<string, IReadOnlyList<string>>() };
        return new MappedRecord(record.SourceId, customer, organization, problems);
    }

    static Dictionary<string, IReadOnlyList<string>> ConvertDetails(SourceRecord record, FieldMapping mapping, CsmEntity entity, List<string> problems)
    {
        var details = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var detail in mapping.Details.Where(d => d.Entity == entity))
        {
            var converted = ValueConversion.Convert(record.Values.GetValueOrDefault(detail.Source), detail.Type, detail.Options);
            if (converted.Problem is not null) problems.Add($"{detail.Field}: \"{record.Values.GetValueOrDefault(detail.Source)}\" {converted.Problem}");
            else if (converted.Values is { } values) details[detail.Field] = values;
        }
        return details;
    }
}
