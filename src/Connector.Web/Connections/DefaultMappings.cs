using Connector.Web.Csm;
using Connector.Web.Sources;

namespace Connector.Web.Connections;

/// <summary>The mapping a new connection starts with: the obvious fields, mapped the obvious way.</summary>
public static class DefaultMappings
{
    public static FieldMapping For(ExternalSource source, IReadOnlyList<SourceField> fields) => source.Type switch
    {
        SourceType.JiraCloud => new FieldMapping
        {
            CustomerEmail = "emailAddress", CustomerName = "displayName", OrganizationName = "emailDomain",
            Details =
            [
                new(CsmEntity.Customer, FieldMapping.ExternalIdField, CsmFieldType.TEXT, "accountId"),
                new(CsmEntity.Customer, "Time zone", CsmFieldType.TEXT, "timeZone"),
                new(CsmEntity.Customer, "Locale", CsmFieldType.TEXT, "locale"),
                new(CsmEntity.Customer, "Active", CsmFieldType.BOOLEAN, "active"),
            ],
        },
        SourceType.AtlassianOrganization => new FieldMapping
        {
            CustomerEmail = "email", CustomerName = "name", OrganizationName = "emailDomain",
            Details =
            [
                new(CsmEntity.Customer, FieldMapping.ExternalIdField, CsmFieldType.TEXT, "accountId"),
                new(CsmEntity.Customer, "Account status", CsmFieldType.TEXT, "accountStatus"),
            ],
        },
        SourceType.EntraId => new FieldMapping
        {
            // Entra's companyName is the organization people belong to; many directories fill it from HR.
            CustomerEmail = "mail", CustomerName = "displayName", OrganizationName = "companyName",
            Details =
            [
                new(CsmEntity.Customer, FieldMapping.ExternalIdField, CsmFieldType.TEXT, "id"),
                new(CsmEntity.Customer, "Job title", CsmFieldType.TEXT, "jobTitle"),
                new(CsmEntity.Customer, "Department", CsmFieldType.TEXT, "department"),
                new(CsmEntity.Customer, "Country", CsmFieldType.TEXT, "country"),
                new(CsmEntity.Customer, "Phone", CsmFieldType.PHONE, "mobilePhone"),
            ],
        },
        SourceType.JiraDataCenter => new FieldMapping
        {
            CustomerEmail = "emailAddress", CustomerName = "displayName", OrganizationName = "emailDomain",
            Details =
            [
                // The user key survives a rename; the username does not.
                new(CsmEntity.Customer, FieldMapping.ExternalIdField, CsmFieldType.TEXT, "key"),
                new(CsmEntity.Customer, "Username", CsmFieldType.TEXT, "name"),
                new(CsmEntity.Customer, "Active", CsmFieldType.BOOLEAN, "active"),
            ],
        },
        SourceType.Salesforce => new FieldMapping
        {
            // A contact's Account is its organization, identified by the Account's id so a renamed Account stays one organization.
            CustomerEmail = "Email", CustomerName = "Name", OrganizationName = "Account.Name",
            Details =
            [
                new(CsmEntity.Customer, FieldMapping.ExternalIdField, CsmFieldType.TEXT, "Id"),
                new(CsmEntity.Customer, "Job title", CsmFieldType.TEXT, "Title"),
                new(CsmEntity.Customer, "Phone", CsmFieldType.PHONE, "Phone"),
                new(CsmEntity.Customer, "Country", CsmFieldType.TEXT, "MailingCountry"),
                new(CsmEntity.Organization, FieldMapping.ExternalIdField, CsmFieldType.TEXT, "Account.Id"),
                new(CsmEntity.Organization, "Website", CsmFieldType.URL, "Account.Website"),
                new(CsmEntity.Organization, "Industry", CsmFieldType.TEXT, "Account.Industry"),
            ],
        },
        SourceType.HubSpot => new FieldMapping
        {
            CustomerEmail = "email", CustomerName = "name", OrganizationName = "company.name",
            Details =
            [
                new(CsmEntity.Customer, FieldMapping.ExternalIdField, CsmFieldType.TEXT, "id"),
                new(CsmEntity.Customer, "Job title", CsmFieldType.TEXT, "jobtitle"),
                new(CsmEntity.Customer, "Phone", CsmFieldType.PHONE, "phone"),
                new(CsmEntity.Customer, "Lifecycle stage", CsmFieldType.TEXT, "lifecyclestage"),
                new(CsmEntity.Organization, FieldMapping.ExternalIdField, CsmFieldType.TEXT, "company.id"),
                new(CsmEntity.Organization, "Domain", CsmFieldType.TEXT, "company.domain"),
                new(CsmEntity.Organization, "Industry", CsmFieldType.TEXT, "company.industry"),
            ],
        },
        _ => ForColumns(fields.Select(f => f.Key).ToList()),
    };

    static FieldMapping ForColumns(IReadOnlyList<string> columns)
    {
        string? Find(params string[] words) => columns.FirstOrDefault(c => words.Any(w => c.Contains(w, StringComparison.OrdinalIgnoreCase)));
        var email = Find("mail");
        var name = columns.FirstOrDefault(c => c.Equals("name", StringComparison.OrdinalIgnoreCase)) ?? Find("full name", "display name", "name");
        var organization = Find("company", "organization", "organisation", "account");
        var details = columns.Except(new[] { email, name, organization }.OfType<string>())
            .Select(c => new DetailMapping(CsmEntity.Customer, c, Guess(c), c))
            .ToList();
        return new FieldMapping { CustomerEmail = email, CustomerName = name, OrganizationName = organization, Details = details };
    }

    static CsmFieldType Guess(string column) => column.ToLowerInvariant() switch
    {
        var c when c.Contains("phone") || c.Contains("mobile") => CsmFieldType.PHONE,
        var c when c.Contains("url") || c.Contains("website") => CsmFieldType.URL,
        var c when c.Contains("date") || c.Contains("since") => CsmFieldType.DATE,
        _ => CsmFieldType.TEXT,
    };
}
