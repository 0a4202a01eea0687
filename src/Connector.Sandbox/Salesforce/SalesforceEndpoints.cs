using System.Globalization;
using System.Text.RegularExpressions;
using Connector.Sandbox.Data;
using Connector.Sandbox.Sites;

namespace Connector.Sandbox.Salesforce;

/// <summary>
/// What a source calls in a Salesforce org, at its My Domain /salesforce/{site}: the OAuth 2.0 client credentials flow
/// (/services/oauth2/token, {access_token, instance_url, id, token_type, issued_at, signature} or {error,
/// error_description}), the REST API's query resource (SOQL on Contact with Account fields, answered as {totalSize, done,
/// nextRecordsUrl, records} in batches of 2,000, WHERE SystemModstamp > datetime and LIMIT understood), /limits, and
/// errors as [{"message", "errorCode"}] (Salesforce REST API Developer Guide).
/// </summary>
public static partial class SalesforceEndpoints
{
    const string Version = "v62.0";
    const int BatchSize = 2000;

    public static void MapSalesforce(this IEndpointRouteBuilder app)
    {
        app.MapPost("/salesforce/{siteName}/services/oauth2/token", async (string siteName, HttpRequest request, SiteDirectory sites) =>
        {
            if (sites.Find(siteName) is not { } site) return Results.NotFound();
            var form = await request.ReadFormAsync();
            var org = site.Salesforce;
            var clientId = form["client_id"].ToString();
            if (form["grant_type"] != "client_credentials") return TokenError("unsupported_grant_type", "grant type not supported");
            if (!org.KnowsClient(clientId)) return TokenError("invalid_client_id", "client identifier invalid");
            if (form["client_secret"] != org.ClientSecret) return TokenError("invalid_client", "invalid client credentials");
            if (clientId == org.FlowDisabledClientId) return TokenError("invalid_grant", "no client credentials user enabled");
            var myDomain = $"{request.Scheme}://{request.Host}/salesforce/{siteName}";
            return Results.Json(new
            {
                access_token = org.OpenSession(clientId), signature = "c2FuZGJveA==", scope = "api", instance_url = myDomain,
                id = $"https://login.salesforce.com/id/00Dsandbox/005sandbox", token_type = "Bearer",
                issued_at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            });
        });

        app.MapGet($"/salesforce/{{siteName}}/services/data/{Version}/limits", (string siteName, HttpRequest request, SiteDirectory sites) =>
            Refuse(siteName, request, sites, out var site, needsRead: false) ?? Results.Json(new
            {
                DailyApiRequests = new { Max = site.Salesforce.DailyApiRequests, Remaining = Math.Max(0, site.Salesforce.DailyApiRequests - site.Salesforce.ApiRequestsUsed) },
            }));

        app.MapGet($"/salesforce/{{siteName}}/services/data/{Version}/query", (string siteName, string? q, HttpRequest request, SiteDirectory sites) =>
            Refuse(siteName, request, sites, out var site, needsRead: true)
            ?? (Soql.Parse(q) is not { } soql
                ? ApiError(400, "MALFORMED_QUERY", "unexpected token")
                : Answer(site, soql, 0, request)));

        app.MapGet($"/salesforce/{{siteName}}/services/data/{Version}/query/{{locator}}", (string siteName, string locator, HttpRequest request, SiteDirectory sites) =>
        {
            if (Refuse(siteName, request, sites, out var site, needsRead: true) is { } refusal) return refusal;
            var (soql, offset) = Soql.FromLocator(locator);
            return Answer(site, soql, offset, request);
        });
    }

    static IResult Answer(Site site, Soql soql, int offset, HttpRequest request)
    {
        var matching = Contacts(site).Where(p => soql.ModifiedAfter is not { } after || site.Changes.ModifiedAt(p.Index) > after).ToList();
        var total = soql.Limit is { } limit ? Math.Min(limit, matching.Count) : matching.Count;
        var batch = matching.Take(total).Skip(offset).Take(BatchSize).Select(p => ContactJson(site, p)).ToList();
        var done = offset + batch.Count >= total;
        return Results.Json(new Dictionary<string, object?>
        {
            ["totalSize"] = total, ["done"] = done,
            ["nextRecordsUrl"] = done ? null : $"/services/data/{Version}/query/{soql.Locator(offset + batch.Count)}",
            ["records"] = batch,
        });
    }

    static IEnumerable<Person> Contacts(Site site) => site.People.Range(0, site.People.Users).Where(p => p.AccountType != "app");

    /// <summary>A contact with its Account (every 41st contact is private: no Account).</summary>
    static Dictionary<string, object?> ContactJson(Site site, Person person)
    {
        var names = person.DisplayName.Split(' ', 2);
        var id = $"003SB{person.Index:D13}";
        var company = int.Parse(person.Company[^3..], CultureInfo.InvariantCulture);
        return new()
        {
            ["attributes"] = new { type = "Contact", url = $"/services/data/{Version}/sobjects/Contact/{id}" },
            ["Id"] = id, ["Name"] = person.DisplayName, ["FirstName"] = names[0], ["LastName"] = names.ElementAtOrDefault(1),
            ["Email"] = person.Email, ["Title"] = person.Title, ["Department"] = null, ["Phone"] = person.Phone, ["MobilePhone"] = null,
            ["MailingCity"] = null, ["MailingCountry"] = person.Country,
            ["SystemModstamp"] = site.Changes.ModifiedAt(person.Index).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture),
            ["Account"] = person.Index % 41 == 40 ? null : new Dictionary<string, object?>
            {
                ["attributes"] = new { type = "Account", url = $"/services/data/{Version}/sobjects/Account/001SB{company:D13}" },
                ["Id"] = $"001SB{company:D13}", ["Name"] = person.Company, ["Website"] = $"https://company{company:000}.example",
                ["Industry"] = "Manufacturing", ["Phone"] = null, ["BillingCity"] = null, ["BillingCountry"] = null,
            },
        };
    }

    static IResult? Refuse(string siteName, HttpRequest request, SiteDirectory sites, out Site site, bool needsRead)
    {
        site = sites.Find(siteName)!;
        if (site is null) return Results.NotFound();
        var header = request.Headers.Authorization.ToString();
        var session = site.Salesforce.Session(header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : null);
        if (session is null) return ApiError(401, "INVALID_SESSION_ID", "Session expired or invalid");
        return needsRead && session == false
            ? ApiError(400, "INVALID_TYPE", "\nFROM Contact\n     ^\nERROR at Row:1:Column:6\nsObject type 'Contact' is not supported.")
            : null;
    }

    static IResult TokenError(string error, string description) => Results.Json(new { error, error_description = description }, statusCode: 400);

    static IResult ApiError(int status, string code, string message) => Results.Json(new[] { new { message, errorCode = code } }, statusCode: status);

    /// <summary>The parts of a SOQL query on Contact the sandbox understands.</summary>
    sealed partial record Soql(DateTimeOffset? ModifiedAfter, int? Limit)
    {
        public static Soql? Parse(string? query)
        {
            if (query is null || !FromContact().IsMatch(query)) return null;
            var after = ModstampAfter().Match(query) is { Success: true } m
                ? DateTimeOffset.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : (DateTimeOffset?)null;
            var limit = LimitClause().Match(query) is { Success: true } l ? int.Parse(l.Groups[1].Value, CultureInfo.InvariantCulture) : (int?)null;
            return new Soql(after, limit);
        }

        /// <summary>Salesforce's query locators are opaque ("01gD0000002HU6KIAW-2000"); ours carry the query's parts.</summary>
        public string Locator(int offset) => $"01gSB{ModifiedAfter?.ToUnixTimeMilliseconds() ?? 0}.{Limit ?? 0}-{offset}";

        public static (Soql Query, int Offset) FromLocator(string locator)
        {
            var parts = locator[5..].Split('-');
            var query = parts[0].Split('.');
            var after = long.Parse(query[0], CultureInfo.InvariantCulture);
            var limit = int.Parse(query[1], CultureInfo.InvariantCulture);
            return (new Soql(after == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(after), limit == 0 ? null : limit), int.Parse(parts[1], CultureInfo.InvariantCulture));
        }

        [GeneratedRegex(@"\bFROM\s+Contact\b", RegexOptions.IgnoreCase)]
        private static partial Regex FromContact();

        [GeneratedRegex(@"\bSystemModstamp\s*>\s*(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)", RegexOptions.IgnoreCase)]
        private static partial Regex ModstampAfter();

        [GeneratedRegex(@"\bLIMIT\s+(\d+)", RegexOptions.IgnoreCase)]
        private static partial Regex LimitClause();
    }
}
