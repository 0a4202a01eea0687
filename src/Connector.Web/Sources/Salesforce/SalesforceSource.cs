using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Connector.Web.Sources.Salesforce;

/// <summary>
/// Contacts of a Salesforce org with their Account as organization, read by SOQL through the REST API's query resource
/// as a connected app (client credentials flow). Salesforce pages a query by nextRecordsUrl; the cursor keeps it with the
/// time the read began. A read of changes asks only for contacts whose SystemModstamp is later than the previous read's
/// start (by Salesforce's clock, less a minute). A contact's SystemModstamp does not move when only its Account changes:
/// such changes arrive with the weekly full read. Formats: Salesforce REST API Developer Guide, "Query", "Limits" and
/// "OAuth 2.0 Client Credentials Flow" (docs/sources.md).
/// </summary>
public sealed class SalesforceSource(IHttpClientFactory httpClients) : ISourceAdapter, ISourceChangeReader
{
    static readonly (string Key, string Label, string Example)[] Columns =
    [
        ("Id", "Contact ID", "003Hs00001AbCdEIAV"),
        ("Name", "Name", "Ada Lovelace"),
        ("FirstName", "First name", "Ada"),
        ("LastName", "Last name", "Lovelace"),
        ("Email", "Email", "ada@example.com"),
        ("Title", "Title", "Engineer"),
        ("Department", "Department", "Research"),
        ("Phone", "Phone", "+49 30 123456"),
        ("MobilePhone", "Mobile", "+49 170 123456"),
        ("MailingCity", "City", "Berlin"),
        ("MailingCountry", "Country", "Germany"),
        ("Account.Id", "Account ID", "001Hs00001XyZabIAF"),
        ("Account.Name", "Account name", "Analytical Engines Ltd"),
        ("Account.Website", "Account website", "https://engines.example"),
        ("Account.Industry", "Account industry", "Manufacturing"),
        ("Account.Phone", "Account phone", "+44 20 7946 0000"),
        ("Account.BillingCity", "Account city", "London"),
        ("Account.BillingCountry", "Account country", "United Kingdom"),
    ];

    /// <summary>How much earlier than its start a read's changes are asked for again: clocks and commits are not instant.</summary>
    static readonly TimeSpan Overlap = TimeSpan.FromMinutes(1);

    public SourceType Type => SourceType.Salesforce;

    public async Task<SourceCheck> CheckAsync(SourceAccess access, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(access.Settings.SiteUrl, UriKind.Absolute, out var site) || site.Scheme != "https" && !site.IsLoopback)
            return SourceCheck.Failed("The My Domain URL must be a full https address, for example https://your-company.my.salesforce.com.");
        var salesforce = new SalesforceSession(httpClients.CreateClient(SourceHttp.CheckClient), access);
        try
        {
            var (_, problem) = await salesforce.TryGetAsync(QueryPath(" LIMIT 1"), cancellationToken);
            if (problem is not null) return SourceCheck.Failed(problem);
            var (limits, limitsProblem) = await salesforce.TryGetAsync($"/services/data/{SalesforceSession.ApiVersion}/limits", cancellationToken);
            return limitsProblem is null ? SourceCheck.Connected(ApiUsage(limits)) : SourceCheck.Failed(limitsProblem);
        }
        catch (Exception e) when (SourceHttp.Problem(e, SalesforceSession.SourceName) is { } problem)
        {
            return SourceCheck.Failed(problem);
        }
    }

    /// <summary>The org's daily API allowance as the check reports it (a warning when under a tenth is left).</summary>
    static string? ApiUsage(JsonObject? limits)
    {
        if (limits?["DailyApiRequests"] is not JsonObject daily || (int?)daily["Max"] is not { } max || max <= 0 || (int?)daily["Remaining"] is not { } remaining)
            return null;
        var usage = $"API requests left in the last 24 hours: {remaining:N0} of {max:N0}.";
        return remaining * 10 < max ? usage + " Fewer than a tenth are left: an import needs about one request per 2,000 contacts." : usage;
    }

    public IReadOnlyList<SourceField> Fields(SourceSettings settings) => Columns.Select(c => new SourceField(c.Key, c.Label, c.Example)).ToList();

    public IAsyncEnumerable<SourcePage> ReadAsync(SourceAccess access, string? cursor, int pageSize, CancellationToken cancellationToken) =>
        PagesAsync(access, "", cursor, cancellationToken);

    public bool ReadsChanges(SourceSettings settings) => true;

    /// <summary>The change token is when the previous read began, in Salesforce's time (ISO 8601, UTC).</summary>
    public IAsyncEnumerable<SourcePage> ReadChangesAsync(SourceAccess access, string changeToken, string? cursor, int pageSize,
        CancellationToken cancellationToken)
    {
        var since = DateTimeOffset.Parse(changeToken, CultureInfo.InvariantCulture);
        return PagesAsync(access, $" WHERE SystemModstamp > {since.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}", cursor, cancellationToken);
    }

    async IAsyncEnumerable<SourcePage> PagesAsync(SourceAccess access, string where, string? cursor,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var salesforce = new SalesforceSession(httpClients.CreateClient(SourceHttp.ReadClient), access);
        var (began, path) = ReadCursor(cursor);
        if (path is null)
        {
            if (await salesforce.SignInAsync(cancellationToken) is { } problem) throw new SourceReadException(problem);
            began = salesforce.IssuedAt;
            path = QueryPath(where);
        }
        while (path is not null)
        {
            var answer = await salesforce.GetAsync(path, cancellationToken);
            var records = (answer?["records"]?.AsArray() ?? []).OfType<JsonObject>().Select(ToRecord).ToList();
            path = (bool?)answer?["done"] == false ? (string?)answer?["nextRecordsUrl"] : null;
            var changeToken = path is null ? (began - Overlap).ToString("O", CultureInfo.InvariantCulture) : null;
            yield return new SourcePage(records, [], path is null ? null : WriteCursor(began, path), changeToken);
        }
    }

    static SourceRecord ToRecord(JsonObject contact)
    {
        var values = Columns.ToDictionary(c => c.Key, c => Value(contact, c.Key));
        return new SourceRecord((string)contact["Id"]!, values);
    }

    /// <summary>A field of the contact, or of its Account ("Account.Name"); the Account is null for a private contact.</summary>
    static string? Value(JsonObject contact, string key)
    {
        var node = key.Split('.').Aggregate((JsonNode?)contact, (parent, name) => parent is JsonObject o ? o[name] : null);
        return node is JsonValue value ? value.ToString() : null;
    }

    static string QueryPath(string where)
    {
        var soql = $"SELECT {string.Join(", ", Columns.Select(c => c.Key))} FROM Contact{where}";
        return $"/services/data/{SalesforceSession.ApiVersion}/query?q={Uri.EscapeDataString(soql)}";
    }

    /// <summary>"{when the read began} {nextRecordsUrl}": a resumed read keeps its start, so no change between is missed.</summary>
    static string WriteCursor(DateTimeOffset began, string path) => $"{began.ToUnixTimeMilliseconds()} {path}";

    static (DateTimeOffset Began, string? Path) ReadCursor(string? cursor)
    {
        if (cursor?.Split(' ', 2) is [var ms, var path] && long.TryParse(ms, out var began))
            return (DateTimeOffset.FromUnixTimeMilliseconds(began), path);
        return (default, null);
    }
}
