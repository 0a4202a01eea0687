using System.Globalization;
using System.Text.Json.Nodes;
using Connector.Sandbox.Data;
using Connector.Sandbox.Sites;
using Microsoft.Extensions.Options;

namespace Connector.Sandbox.HubSpot;

/// <summary>
/// HubSpot's CRM API as a source reads it, at /hubspot (developers.hubspot.com CRM guides): the v3 contacts list with
/// properties, company associations and "after" paging ({results, paging: {next: {after, link}}}); v3 companies batch
/// read; the v3 contacts search (a lastmodifieddate GT filter, ascending sort, at most 100 a page and 10,000 results a
/// query); v4 contact→company associations batch read (typeId 1 is the primary company); errors as {"status": "error",
/// "message", "category"}. Every 41st contact has no company.
/// </summary>
public static class HubSpotEndpoints
{
    const int SearchLimit = 10_000;

    public static void MapHubSpot(this IEndpointRouteBuilder app)
    {
        app.MapGet("/hubspot/crm/v3/objects/contacts", (int? limit, string? after, string? associations, HttpRequest request, SiteDirectory sites,
            IOptions<SandboxOptions> options) =>
        {
            if (Refuse(request, sites, out var site, needsCompanies: false) is { } refusal) return refusal;
            var start = int.TryParse(after, out var offset) ? offset : 0;
            var size = Math.Clamp(limit ?? 10, 1, 100);
            var contacts = Contacts(site).Skip(start).Take(size).Select(p => ContactJson(site, p, withCompany: associations == "companies")).ToList();
            var next = start + size < Contacts(site).Count() ? (start + size).ToString(CultureInfo.InvariantCulture) : null;
            return Results.Json(new Dictionary<string, object?>
            {
                ["results"] = contacts,
                ["paging"] = next is null ? null : new { next = new { after = next, link = $"{options.Value.BaseUrl.TrimEnd('/')}/hubspot/crm/v3/objects/contacts?after={next}" } },
            });
        });

        app.MapGet("/hubspot/crm/v3/objects/companies", (HttpRequest request, SiteDirectory sites) =>
            Refuse(request, sites, out var site, needsCompanies: true)
            ?? Results.Json(new { results = new[] { CompanyJson(1) }.Take(site.People.Companies > 0 ? 1 : 0) }));

        app.MapPost("/hubspot/crm/v3/objects/companies/batch/read", async (HttpRequest request, SiteDirectory sites) =>
        {
            if (Refuse(request, sites, out _, needsCompanies: true) is { } refusal) return refusal;
            var body = await request.ReadFromJsonAsync<JsonObject>();
            var ids = (body?["inputs"]?.AsArray() ?? []).Select(i => int.Parse((string)i!["id"]!, CultureInfo.InvariantCulture));
            return Results.Json(new { status = "COMPLETE", results = ids.Select(id => CompanyJson(id - 9000)) });
        });

        app.MapPost("/hubspot/crm/v3/objects/contacts/search", async (HttpRequest request, SiteDirectory sites) =>
        {
            if (Refuse(request, sites, out var site, needsCompanies: false) is { } refusal) return refusal;
            var body = await request.ReadFromJsonAsync<JsonObject>();
            var filter = body?["filterGroups"]?[0]?["filters"]?[0];
            if ((string?)filter?["propertyName"] != "lastmodifieddate" || (string?)filter?["operator"] != "GT")
                return Error(400, "VALIDATION_ERROR", "The sandbox searches contacts only by lastmodifieddate GT.");
            var since = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse((string)filter["value"]!, CultureInfo.InvariantCulture));
            var start = int.TryParse((string?)body?["after"], out var offset) ? offset : 0;
            if (start >= SearchLimit) return Error(400, "VALIDATION_ERROR", "Search results are limited to 10,000.");
            var size = Math.Clamp((int?)body?["limit"] ?? 10, 1, 100);
            var matching = Contacts(site).Where(p => site.Changes.ModifiedAt(p.Index) > since).OrderBy(p => site.Changes.ModifiedAt(p.Index)).ThenBy(p => p.Index).ToList();
            var page = matching.Skip(start).Take(size).Select(p => ContactJson(site, p, withCompany: false)).ToList();
            var next = start + size < Math.Min(matching.Count, SearchLimit) ? (start + size).ToString(CultureInfo.InvariantCulture) : null;
            return Results.Json(new Dictionary<string, object?>
            {
                ["total"] = matching.Count, ["results"] = page,
                ["paging"] = next is null ? null : new { next = new { after = next } },
            });
        });

        app.MapPost("/hubspot/crm/v4/associations/contact/company/batch/read", async (HttpRequest request, SiteDirectory sites) =>
        {
            if (Refuse(request, sites, out var site, needsCompanies: false) is { } refusal) return refusal;
            var body = await request.ReadFromJsonAsync<JsonObject>();
            var people = (body?["inputs"]?.AsArray() ?? []).Select(i => int.Parse((string)i!["id"]!, CultureInfo.InvariantCulture) - 1001)
                .Where(index => index >= 0 && index < site.People.Users).Select(index => site.People[index]);
            return Results.Json(new
            {
                status = "COMPLETE",
                results = people.Where(p => CompanyOf(p) is not null).Select(p => new
                {
                    from = new { id = (1001 + p.Index).ToString(CultureInfo.InvariantCulture) },
                    to = new[] { new { toObjectId = 9000 + CompanyOf(p)!.Value, associationTypes = new[] { new { category = "HUBSPOT_DEFINED", typeId = 1, label = "Primary" } } } },
                }),
            });
        });
    }

    static IEnumerable<Person> Contacts(Site site) => site.People.Range(0, site.People.Users).Where(p => p.AccountType != "app");

    static int? CompanyOf(Person person) => person.Index % 41 == 40 ? null : int.Parse(person.Company[^3..], CultureInfo.InvariantCulture);

    static Dictionary<string, object?> ContactJson(Site site, Person person, bool withCompany)
    {
        var names = person.DisplayName.Split(' ', 2);
        var modified = site.Changes.ModifiedAt(person.Index).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var id = (1001 + person.Index).ToString(CultureInfo.InvariantCulture);
        var contact = new Dictionary<string, object?>
        {
            ["id"] = id,
            ["properties"] = new Dictionary<string, string?>
            {
                ["email"] = person.Email, ["firstname"] = names[0], ["lastname"] = names.ElementAtOrDefault(1), ["jobtitle"] = person.Title,
                ["phone"] = person.Phone, ["city"] = null, ["country"] = person.Country, ["lifecyclestage"] = person.Active ? "customer" : "other",
                ["lastmodifieddate"] = modified, ["hs_object_id"] = id, ["createdate"] = "2026-01-01T00:00:00.000Z",
            },
            ["createdAt"] = "2026-01-01T00:00:00.000Z", ["updatedAt"] = modified, ["archived"] = false,
        };
        if (withCompany && CompanyOf(person) is { } company)
            contact["associations"] = new { companies = new { results = new[] { new { id = (9000 + company).ToString(CultureInfo.InvariantCulture), type = "contact_to_company" } } } };
        return contact;
    }

    static object CompanyJson(int number) => new
    {
        id = (9000 + number).ToString(CultureInfo.InvariantCulture),
        properties = new Dictionary<string, string?> { ["name"] = $"Company {number:000}", ["domain"] = $"company{number:000}.example", ["industry"] = "MACHINERY" },
        createdAt = "2026-01-01T00:00:00.000Z", updatedAt = "2026-01-01T00:00:00.000Z", archived = false,
    };

    static IResult? Refuse(HttpRequest request, SiteDirectory sites, out Site site, bool needsCompanies)
    {
        site = null!;
        var authorization = request.Headers.Authorization.ToString();
        if (HubSpotAccount.SiteOfToken(authorization) is { } expiredSite && sites.Find(expiredSite)?.HubSpot.ExpiredToken == authorization["Bearer ".Length..])
            return Error(401, "EXPIRED_AUTHENTICATION", "The OAuth token used to make this call expired 2 hour(s) ago.");
        if (HubSpotAccount.SiteOfToken(authorization) is not { } name || sites.Find(name) is not { } found
            || found.HubSpot.MayReadCompanies(authorization["Bearer ".Length..]) is not { } mayReadCompanies)
            return Error(401, "INVALID_AUTHENTICATION", "Authentication credentials not found. This API supports OAuth 2.0 authentication.");
        site = found;
        return needsCompanies && !mayReadCompanies
            ? Error(403, "MISSING_SCOPES", "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.")
            : null;
    }

    static IResult Error(int status, string category, string message) =>
        Results.Json(new { status = "error", message, correlationId = Guid.NewGuid(), category }, statusCode: status);
}
