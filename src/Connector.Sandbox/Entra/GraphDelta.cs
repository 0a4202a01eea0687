using System.Globalization;
using System.Text.RegularExpressions;
using Connector.Sandbox.Data;
using Connector.Sandbox.Sites;

namespace Connector.Sandbox.Entra;

/// <summary>
/// Graph's delta query for users (learn.microsoft.com "user: delta", "Get incremental changes for users"): the first
/// read lists every user page by page (@odata.nextLink with a $skiptoken) and ends with an @odata.deltaLink whose
/// $deltatoken remembers the directory's state; reading the deltaLink later lists only what changed since: new users
/// whole, changed users with just their changed properties (Graph promises at least those), deleted users as
/// {"id", "@removed": {"reason": "deleted"}}, and a new deltaLink. Query parameters of the first request are kept in the
/// tokens. Our "state" is the generated data set's shape: bumping its revision renames every ChangeEvery-th person.
/// </summary>
static partial class GraphDelta
{
    const int DefaultPageSize = 100;

    public static IResult Page(HttpRequest request, Site site, SandboxOptions options)
    {
        var (since, select, start) = Position(request);
        if (since is not null && !since.Value.Comparable(site.People))
            return EntraEndpoints.GraphError(410, "SyncStateNotFound", "The sync state generation is not found. Please restart the sync process.");
        var pageSize = PageSize(request);
        var users = new List<Dictionary<string, object?>>();
        var index = start;
        var end = Math.Max(site.People.Users, since?.Users ?? 0);
        for (; index < end && users.Count < pageSize; index++)
            if (Entry(site, since, index, select) is { } user) users.Add(user);

        var link = $"{options.BaseUrl.TrimEnd('/')}/graph/v1.0/users/delta";
        var page = new Dictionary<string, object?>
        {
            ["@odata.context"] = $"https://graph.microsoft.com/v1.0/$metadata#users({select})",
            ["value"] = users,
        };
        if (index < end) page["@odata.nextLink"] = $"{link}?$skiptoken={EntraEndpoints.SkipToken.Opaque($"{since?.Write() ?? "-"}|{select}|{index}")}";
        else page["@odata.deltaLink"] = $"{link}?$deltatoken={EntraEndpoints.SkipToken.Opaque($"{State.Of(site.People).Write()}|{select}")}";
        return Results.Json(page);
    }

    /// <summary>One person's entry in a delta page, or null when the person is not part of it.</summary>
    static Dictionary<string, object?>? Entry(Site site, State? since, int index, string select)
    {
        var people = site.People;
        if (index >= people.Users)
            return new() { ["id"] = IdOf(site, index), ["@removed"] = new { reason = "deleted" } };
        var person = people[index];
        if (person.AccountType == "app") return null;
        var whole = EntraEndpoints.Selected(EntraEndpoints.UserJson(site, person), select);
        if (since is not { } earlier || index >= earlier.Users) return whole;
        if (earlier.Revision == people.Revision || index % people.ChangeEvery != 0) return null;
        return new() { ["id"] = whole["id"], ["displayName"] = person.DisplayName };
    }

    /// <summary>Where a delta request starts: the state it reads changes since (null: everything), its $select, and the index.</summary>
    static (State? Since, string Select, int Start) Position(HttpRequest request)
    {
        if (request.Query["$skiptoken"].ToString() is { Length: > 0 } skip)
        {
            var parts = EntraEndpoints.SkipToken.Plain(skip).Split('|');
            return (parts[0] == "-" ? null : State.Read(parts[0]), parts[1], int.Parse(parts[2], CultureInfo.InvariantCulture));
        }
        if (request.Query["$deltatoken"].ToString() is { Length: > 0 } delta)
        {
            var parts = EntraEndpoints.SkipToken.Plain(delta).Split('|');
            return (State.Read(parts[0]), parts[1], 0);
        }
        return (null, request.Query["$select"].ToString(), 0);
    }

    static int PageSize(HttpRequest request) =>
        MaxPageSize().Match(request.Headers["Prefer"].ToString()) is { Success: true } match ? Math.Clamp(int.Parse(match.Groups[1].Value), 1, 999) : DefaultPageSize;

    /// <summary>$filter=id in ('a', 'b'): the ids, or null for any other filter (or none).</summary>
    public static IReadOnlyList<string>? IdsFilter(string? filter)
    {
        if (string.IsNullOrEmpty(filter) || IdsIn().Match(filter) is not { Success: true } match) return null;
        return QuotedId().Matches(match.Groups[1].Value).Select(m => m.Groups[1].Value).ToList();
    }

    public static Person? PersonOf(Site site, string id)
    {
        if (id.Length < 8 || !int.TryParse(id[..8], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var index)) return null;
        if (index >= site.People.Users || IdOf(site, index) != id) return null;
        var person = site.People[index];
        return person.AccountType == "app" ? null : person;
    }

    public static string IdOf(Site site, int index) => $"{index:x8}-0000-4000-8000-{site.Entra.DirectoryId[^12..]}";

    /// <summary>What a delta token remembers: the data set's shape when the read ended.</summary>
    readonly record struct State(int Seed, int Companies, int Users, int Revision, int ChangeEvery)
    {
        public static State Of(DataSet people) => new(people.Seed, people.Companies, people.Users, people.Revision, people.ChangeEvery);

        public string Write() => $"{Seed}.{Companies}.{Users}.{Revision}.{ChangeEvery}";

        public static State Read(string text)
        {
            var n = text.Split('.').Select(int.Parse).ToArray();
            return new State(n[0], n[1], n[2], n[3], n[4]);
        }

        /// <summary>Changes can be told only within one generated data set (same seed, companies and change rhythm).</summary>
        public bool Comparable(DataSet people) => Seed == people.Seed && Companies == people.Companies && ChangeEvery == people.ChangeEvery;
    }

    [GeneratedRegex(@"odata\.maxpagesize=(\d+)")]
    private static partial Regex MaxPageSize();

    [GeneratedRegex(@"^\s*id\s+in\s*\((.*)\)\s*$")]
    private static partial Regex IdsIn();

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex QuotedId();
}
