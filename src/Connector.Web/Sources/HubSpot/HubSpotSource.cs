using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Connector.Web.Sources.HubSpot;

/// <summary>
/// Contacts of a HubSpot account with their primary company, read with a private app's access token. A whole read pages
/// the CRM v3 contacts list (with its company associations) by the opaque "after"; a read of changes asks the CRM search
/// API for contacts whose lastmodifieddate is later than the previous read's start, sorted by it, and reads their
/// companies through the v4 associations API. The search API stops at 10,000 results per query: more changes than that
/// are read whole (ties in lastmodifieddate make a search resumed from the last date seen unsafe). A company's own changes do not move its contacts'
/// lastmodifieddate: they arrive with the weekly full read. Formats: HubSpot's CRM API guides (docs/sources.md).
/// </summary>
public sealed class HubSpotSource(IHttpClientFactory httpClients, IOptions<SourcesOptions> options) : ISourceAdapter, ISourceChangeReader
{
    static readonly string[] ContactProperties = ["email", "firstname", "lastname", "jobtitle", "phone", "city", "country", "lifecyclestage", "lastmodifieddate"];
    static readonly string[] CompanyProperties = ["name", "domain", "industry"];
    const int SearchLimit = 10_000;
    const int MaxPage = 100;

    /// <summary>How much earlier than its start a read's changes are asked for again: HubSpot says search may miss an update for up to a minute.</summary>
    static readonly TimeSpan Overlap = TimeSpan.FromMinutes(1);

    public SourceType Type => SourceType.HubSpot;

    public async Task<SourceCheck> CheckAsync(SourceAccess access, CancellationToken cancellationToken)
    {
        var hubspot = Client(SourceHttp.CheckClient, access);
        try
        {
            var (_, problem) = await hubspot.TryGetAsync("/crm/v3/objects/contacts?limit=1", cancellationToken);
            if (problem is not null) return SourceCheck.Failed(problem);
            var (_, companiesProblem) = await hubspot.TryGetAsync("/crm/v3/objects/companies?limit=1", cancellationToken);
            return companiesProblem is null ? SourceCheck.Connected() : SourceCheck.Failed(companiesProblem);
        }
        catch (Exception e) when (SourceHttp.Problem(e, HubSpotClient.SourceName) is { } problem)
        {
            return SourceCheck.Failed(problem);
        }
    }

    public IReadOnlyList<SourceField> Fields(SourceSettings settings) =>
    [
        new("id", "Contact ID", "51"),
        new("name", "Name", "Ada Lovelace"),
        new("firstname", "First name", "Ada"),
        new("lastname", "Last name", "Lovelace"),
        new("email", "Email", "ada@example.com"),
        new("emailDomain", "Email domain", "example.com"),
        new("jobtitle", "Job title", "Engineer"),
        new("phone", "Phone", "+49 30 123456"),
        new("city", "City", "Berlin"),
        new("country", "Country", "Germany"),
        new("lifecyclestage", "Lifecycle stage", "customer"),
        new("lastmodifieddate", "Last modified", "2026-12-01T09:30:00.000Z"),
        new("company.id", "Company ID", "9001"),
        new("company.name", "Company name", "Analytical Engines Ltd"),
        new("company.domain", "Company domain", "engines.example"),
        new("company.industry", "Company industry", "MACHINERY"),
    ];

    public async IAsyncEnumerable<SourcePage> ReadAsync(SourceAccess access, string? cursor, int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var hubspot = Client(SourceHttp.ReadClient, access);
        var position = HubSpotCursor.Read(cursor);
        while (true)
        {
            var after = position.After is null ? "" : $"&after={Uri.EscapeDataString(position.After)}";
            var page = await hubspot.GetAsync($"/crm/v3/objects/contacts?limit={Math.Clamp(pageSize, 1, MaxPage)}&properties={string.Join(',', ContactProperties)}"
                + $"&associations=companies&archived=false{after}", cancellationToken);
            var began = position.Began ?? hubspot.FirstAnswerAt!.Value;
            var contacts = Results(page);
            var companyOf = contacts.ToDictionary(c => (string)c["id"]!, PrimaryCompany);
            var records = await RecordsAsync(hubspot, contacts, companyOf, cancellationToken);
            var next = (string?)page?["paging"]?["next"]?["after"];
            position = new HubSpotCursor(began, null, next);
            yield return new SourcePage(records, [], next is null ? null : position.Write(), next is null ? ChangeTokenAt(began) : null);
            if (next is null) yield break;
        }
    }

    public bool ReadsChanges(SourceSettings settings) => true;

    /// <summary>
    /// The change token is when the previous read began, in HubSpot's time (ISO 8601). The search API answers at most 10,000
    /// results a query: more changes than that are read as a whole read would (the cursor then has no search bound).
    /// </summary>
    public async IAsyncEnumerable<SourcePage> ReadChangesAsync(SourceAccess access, string changeToken, string? cursor, int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var position = HubSpotCursor.Read(cursor);
        if (cursor is not null && position.Since is null)
        {
            await foreach (var page in ReadAsync(access, cursor, pageSize, cancellationToken)) yield return page;
            yield break;
        }
        var hubspot = Client(SourceHttp.ReadClient, access);
        position = position with { Since = position.Since ?? DateTimeOffset.Parse(changeToken, CultureInfo.InvariantCulture) };
        while (true)
        {
            var page = await hubspot.PostAsync("/crm/v3/objects/contacts/search", Search(position, Math.Clamp(pageSize, 1, MaxPage)), cancellationToken);
            if (position.After is null && (int?)page?["total"] > SearchLimit)
            {
                await foreach (var whole in ReadAsync(access, null, pageSize, cancellationToken)) yield return whole;
                yield break;
            }
            var began = position.Began ?? hubspot.FirstAnswerAt!.Value;
            var contacts = Results(page);
            var companyOf = await PrimaryCompaniesAsync(hubspot, contacts.Select(c => (string)c["id"]!).ToList(), cancellationToken);
            var records = await RecordsAsync(hubspot, contacts, companyOf, cancellationToken);
            var next = (string?)page?["paging"]?["next"]?["after"];
            position = position with { Began = began, After = next };
            yield return new SourcePage(records, [], next is null ? null : position.Write(),
                next is null ? ChangeTokenAt(began) : null);
            if (next is null) yield break;
        }
    }

    static object Search(HubSpotCursor position, int limit) => new Dictionary<string, object?>
    {
        ["filterGroups"] = new[] { new { filters = new[] { new { propertyName = "lastmodifieddate", @operator = "GT", value = position.Since!.Value.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) } } } },
        ["sorts"] = new[] { new { propertyName = "lastmodifieddate", direction = "ASCENDING" } },
        ["properties"] = ContactProperties,
        ["limit"] = limit,
        ["after"] = position.After,
    };

    static List<JsonObject> Results(JsonObject? page) => (page?["results"]?.AsArray() ?? []).OfType<JsonObject>().ToList();

    /// <summary>The contact's primary company from the v3 list's associations (type contact_to_company), else its first.</summary>
    static string? PrimaryCompany(JsonObject contact)
    {
        var associated = (contact["associations"]?["companies"]?["results"]?.AsArray() ?? []).OfType<JsonObject>().ToList();
        return (string?)(associated.FirstOrDefault(a => (string?)a["type"] == "contact_to_company") ?? associated.FirstOrDefault())?["id"];
    }

    /// <summary>The v4 associations of contacts found by search (which returns none): primary (type 1) first.</summary>
    static async Task<Dictionary<string, string?>> PrimaryCompaniesAsync(HubSpotClient hubspot, IReadOnlyList<string> contactIds, CancellationToken cancellationToken)
    {
        var companies = contactIds.ToDictionary(id => id, _ => (string?)null);
        if (contactIds.Count == 0) return companies;
        var answer = await hubspot.PostAsync("/crm/v4/associations/contact/company/batch/read",
            new { inputs = contactIds.Select(id => new { id }) }, cancellationToken);
        foreach (var result in (answer?["results"]?.AsArray() ?? []).OfType<JsonObject>())
        {
            var to = (result["to"]?.AsArray() ?? []).OfType<JsonObject>().ToList();
            var primary = to.FirstOrDefault(t => (t["associationTypes"]?.AsArray() ?? []).Any(type => (int?)type?["typeId"] == 1)) ?? to.FirstOrDefault();
            if ((string?)result["from"]?["id"] is { } contactId && primary?["toObjectId"] is { } companyId) companies[contactId] = companyId.ToString();
        }
        return companies;
    }

    /// <summary>The page's contacts as records, with their companies' properties read in one batch.</summary>
    static async Task<List<SourceRecord>> RecordsAsync(HubSpotClient hubspot, IReadOnlyList<JsonObject> contacts, IReadOnlyDictionary<string, string?> companyOf,
        CancellationToken cancellationToken)
    {
        var companyIds = companyOf.Values.OfType<string>().Distinct().ToList();
        var companies = new Dictionary<string, JsonObject>();
        if (companyIds.Count > 0)
        {
            var answer = await hubspot.PostAsync("/crm/v3/objects/companies/batch/read",
                new { properties = CompanyProperties, inputs = companyIds.Select(id => new { id }) }, cancellationToken);
            foreach (var company in Results(answer)) companies[(string)company["id"]!] = company["properties"] as JsonObject ?? [];
        }
        return contacts.Select(contact => ToRecord(contact, companyOf.GetValueOrDefault((string)contact["id"]!) is { } id ? (id, companies.GetValueOrDefault(id)) : null)).ToList();
    }

    static SourceRecord ToRecord(JsonObject contact, (string Id, JsonObject? Properties)? company)
    {
        var properties = contact["properties"] as JsonObject ?? [];
        string? Text(JsonObject? from, string name) => from?[name] is JsonValue value && value.ToString() is { Length: > 0 } text ? text : null;
        var values = ContactProperties.ToDictionary(p => p, p => Text(properties, p));
        var id = (string)contact["id"]!;
        values["id"] = id;
        values["name"] = string.Join(' ', new[] { values["firstname"], values["lastname"] }.OfType<string>()) is { Length: > 0 } name ? name : null;
        values["emailDomain"] = values["email"]?.Split('@').LastOrDefault();
        values["company.id"] = company?.Id;
        foreach (var property in CompanyProperties) values[$"company.{property}"] = Text(company?.Properties, property);
        return new SourceRecord(id, values);
    }

    /// <summary>The token a read that began at <paramref name="began"/> ends with: changes are asked for from a minute before it.</summary>
    static string ChangeTokenAt(DateTimeOffset began) => (began - Overlap).ToString("O", CultureInfo.InvariantCulture);

    HubSpotClient Client(string httpClient, SourceAccess access) => new(httpClients.CreateClient(httpClient), access, options.Value.HubSpotUrl);
}

/// <summary>Where a HubSpot read is: when it began (by HubSpot's clock), the search's lower bound (changes only), and "after".</summary>
sealed record HubSpotCursor(DateTimeOffset? Began, DateTimeOffset? Since, string? After)
{
    public string Write() => $"{Began?.ToUnixTimeMilliseconds()} {Since?.ToUnixTimeMilliseconds()} {After}";

    public static HubSpotCursor Read(string? cursor)
    {
        if (cursor?.Split(' ', 3) is not [var began, var since, var after]) return new(null, null, null);
        return new(Time(began), Time(since), after.Length == 0 ? null : after);
    }

    static DateTimeOffset? Time(string ms) => long.TryParse(ms, out var value) ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;
}
