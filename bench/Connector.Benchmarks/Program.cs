using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connector.Benchmarks;
using Npgsql;

// Runs the import and page-latency scenarios against the app and the sandbox as separate processes on loopback,
// prints a Markdown table and writes it to bench/results/latest.md. `--smoke` runs tiny sizes in seconds; `--large`
// runs only a Full Import of 1,000,000 users (about a quarter of an hour) and writes bench/results/large.md; `--pages`
// runs only the page scenarios (ours beside atlassian-connect-express), for work on the request pipeline.
var smoke = args.Contains("--smoke");
var largeOnly = args.Contains("--large");
var pagesOnly = args.Contains("--pages");
var rate = int.TryParse(Arg("--rate"), out var r) ? r : 50;
var root = FindRoot();
var output = Arg("--out") ?? Path.Combine(root, "bench", "results", largeOnly ? "large.md" : "latest.md");
var (small, large, rateRecords, pageConnections, pageClients, pageSeconds) = smoke ? (200, 400, 40, 5, 4, 3) : (10_000, 100_000, 300, 50, 32, 20);
var warmUpSeconds = smoke ? 1 : 15;
PageComparison? jwtPages = null;
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;

var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Connector") ?? "Host=127.0.0.1;Port=54329;Database=connector;Username=connector;Password=connector";
var database = $"bench_{DateTime.UtcNow:yyyyMMddHHmmss}";
await Admin($"create database {database}");
var appDatabase = new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;
var (appUrl, sandboxUrl) = ($"http://127.0.0.1:{FreePort()}", $"http://127.0.0.1:{FreePort()}");
const string OperatorKey = "bench-operator-key";
var appEnvironment = new Dictionary<string, string>
{
    ["ConnectionStrings__Connector"] = appDatabase, ["Connect__BaseUrl"] = appUrl, ["Connect__InstallKeysBaseUrl"] = sandboxUrl + "/install-keys",
    ["Connect__AllJsUrl"] = sandboxUrl + "/all.js", ["Atlassian__ApiGatewayUrl"] = sandboxUrl + "/gateway", ["Operator__ApiKey"] = OperatorKey,
    ["Sources__AllowLoopback"] = "true",
    ["DOTNET_TC_CallCountingDelayMs"] = "0", // as the Dockerfile runs it
};
var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromMinutes(5) };
// The app and the sandbox as built in the benchmark's own configuration (Release from scripts/bench.sh).
var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
string Dll(string project) => Path.Combine(root, "src", project, "bin", configuration, "net10.0", project + ".dll");

await using var sandbox = await ServiceProcess.StartAsync(Dll("Connector.Sandbox"), sandboxUrl,
    new() { ["Sandbox__BaseUrl"] = sandboxUrl, ["Sandbox__AppBaseUrl"] = appUrl }, "/sandbox/sites");
var app = await ServiceProcess.StartAsync(Dll("Connector.Web"), appUrl, appEnvironment, "/health");
var results = new List<Row>();
try
{
    foreach (var site in new[] { "acme", "globex" }) (await http.PostAsync($"{sandboxUrl}/sandbox/sites/{site}/install", null)).EnsureSuccessStatusCode();
    var sites = (await http.GetFromJsonAsync<JsonArray>($"{sandboxUrl}/sandbox/sites"))!;
    JsonNode AdminOf(string name) => sites.First(s => (string)s!["name"]! == name)!["users"]!.AsArray().First(u => (bool)u!["isAdmin"]!)!;
    var admin = await AdminBrowser.OpenAsync(http, sandboxUrl, appUrl, "acme");
    await admin.PostAsync("/settings", new() { ["Email"] = (string)AdminOf("acme")["email"]!, ["ApiToken"] = (string)AdminOf("acme")["apiToken"]! });
    await admin.PostAsync("/sources/edit?type=JiraCloud", new()
    {
        ["Input.Name"] = "Globex Jira", ["Input.SiteUrl"] = $"{sandboxUrl}/site/globex", ["Input.Email"] = (string)AdminOf("globex")["email"]!,
        ["Input.ApiToken"] = (string)AdminOf("globex")["apiToken"]!,
    });
    var sourceId = Regex.Match(await admin.GetAsync("/connections/edit"), "<option value=\"([0-9a-f-]{36})\">Globex Jira</option>").Groups[1].Value;
    using (var edition = new HttpRequestMessage(HttpMethod.Put, $"{appUrl}/operator/tenants/{(string)sites.First(s => (string)s!["name"]! == "acme")!["clientKey"]!}/edition"))
    {
        edition.Content = JsonContent.Create(new { edition = "advanced" });
        edition.Headers.Add("X-Operator-Key", OperatorKey);
        (await http.SendAsync(edition)).EnsureSuccessStatusCode();
    }

    if (largeOnly) results.Add(await ImportAsync("1. Full import, 1,000,000 users", await NewConnectionAsync("full-million"), 1_000_000, revision: 0));
    else if (pagesOnly) await PageScenariosAsync();
    else await StandardScenariosAsync();

    async Task StandardScenariosAsync()
    {
        var tenThousand = await NewConnectionAsync("full-small");
        results.Add(await ImportAsync($"1. Full import, {small:N0} users", tenThousand, small, revision: 0));
        var hundredThousand = await NewConnectionAsync("full-large");
        results.Add(await ImportAsync($"1. Full import, {large:N0} users", hundredThousand, large, revision: 0));
        results.Add(await ImportAsync($"2. Again, no source change ({large:N0})", hundredThousand, large, revision: 0));
        results.Add(await ImportAsync($"3. Again, 1% changed ({large:N0})", hundredThousand, large, revision: 1));
        await Faults(new { rateLimitPerSecond = rate });
        results.Add(await ImportAsync($"4. Rate limit {rate} req/s, {rateRecords:N0} users", await NewConnectionAsync("rate-limited"), rateRecords, revision: 0));
        await Faults(new { });
        await PageScenariosAsync();
    }

    async Task PageScenariosAsync()
    {
        results.Add(await PageLatencyAsync());
        jwtPages = await JwtPageComparisonAsync();
        results.AddRange(jwtPages.Rows);
    }

    async Task<string> NewConnectionAsync(string name)
    {
        (await http.DeleteAsync($"{sandboxUrl}/sandbox/sites/acme/directory")).EnsureSuccessStatusCode();
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = name, ["Input.SourceId"] = sourceId, ["Input.Destination"] = "CustomersAndOrganizations", ["Input.Schedule"] = "None",
            ["Input.ScheduleTime"] = "02:00", ["Input.ScheduleDay"] = "1", ["Input.Deactivation"] = "Ignore",
            ["Input.CustomerEmail"] = "emailAddress", ["Input.CustomerName"] = "displayName", ["Input.OrganizationName"] = "emailDomain",
        };
        var details = new[] { ("External ID", "TEXT", "accountId"), ("Time zone", "TEXT", "timeZone"), ("Locale", "TEXT", "locale"), ("Active", "BOOLEAN", "active"), ("Account type", "TEXT", "accountType") };
        for (var i = 0; i < details.Length; i++)
            (fields[$"Input.Details[{i}].Entity"], fields[$"Input.Details[{i}].Field"], fields[$"Input.Details[{i}].Type"], fields[$"Input.Details[{i}].Source"]) =
                ("Customer", details[i].Item1, details[i].Item2, details[i].Item3);
        await admin.PostAsync("/connections/edit", fields);
        var id = Regex.Match(await admin.GetAsync("/connections"), $"<td>{name}</td>.*?action=\"/connections/([0-9a-f-]{{36}})/build\"", RegexOptions.Singleline).Groups[1].Value;
        using var build = new MultipartFormDataContent { { new StringContent(admin.Token), "jwt" } };
        (await http.PostAsync($"{appUrl}/connections/{id}/build", build)).EnsureSuccessStatusCode();
        return id;
    }

    async Task<Row> ImportAsync(string scenario, string connectionId, int users, int revision)
    {
        (await http.PutAsJsonAsync($"{sandboxUrl}/sandbox/sites/globex/people", new { users, companies = 40, seed = 1, revision, changeEvery = 100 })).EnsureSuccessStatusCode();
        await app.DisposeAsync(); // a fresh process per scenario, so its peak memory belongs to this scenario alone
        app = await ServiceProcess.StartAsync(Dll("Connector.Web"), appUrl, appEnvironment, "/health");
        admin = await AdminBrowser.OpenAsync(http, sandboxUrl, appUrl, "acme");
        (await http.DeleteAsync($"{sandboxUrl}/sandbox/requests")).EnsureSuccessStatusCode();
        var (cpuBefore, clock) = (app.CpuSeconds, Stopwatch.StartNew());
        var location = await admin.PostAsync($"/connections/{connectionId}/run?kind=Full", []);
        var runId = Guid.Parse(Regex.Match(location, "/runs/([0-9a-f-]{36})").Groups[1].Value);
        JsonObject progress;
        while ((progress = await admin.RunProgressAsync(runId))["active"]!.GetValue<bool>()) await Task.Delay(250);
        var seconds = clock.Elapsed.TotalSeconds;
        var requests = (await http.GetFromJsonAsync<Dictionary<string, int>>($"{sandboxUrl}/sandbox/requests"))!;
        var destination = requests.Where(q => q.Key.StartsWith("acme ") && !q.Key.EndsWith("(failed)")).ToList();
        var writes = destination.Where(q => q.Key.Split(' ')[1] is "POST" or "PUT" or "DELETE").Sum(q => q.Value);
        var limited = requests.Where(q => q.Key.StartsWith("acme ") && q.Key.EndsWith("(failed)")).Sum(q => q.Value);
        var read = progress["read"]!.GetValue<int>();
        var perEndpoint = string.Join("; ", destination.OrderByDescending(q => q.Value).Take(4).Select(q => $"{q.Key[5..]} {q.Value:N0}"));
        var notes = $"status {progress["status"]}, created {progress["created"]}, updated {progress["updated"]}, unchanged {progress["unchanged"]}, failed {progress["failed"]}"
            + (limited > 0 ? $", {limited:N0} answered 429; {destination.Sum(q => q.Value) / seconds:0.0} req/s reached the destination ({100 * destination.Sum(q => q.Value) / seconds / rate:0}% of {rate})" : "");
        Console.Error.WriteLine($"{scenario}: {seconds:0.0} s, {notes}");
        return new Row(scenario, read, seconds, read / seconds, app.PeakRssMiB, app.CpuSeconds - cpuBefore, writes, perEndpoint, notes);
    }

    async Task<Row> PageLatencyAsync()
    {
        for (var i = 0; i < pageConnections; i++) await NewConnectionAsync($"page-{i:00}");
        var (row, _) = await LoadRowAsync($"5. Connections page, {pageConnections} connections, {pageClients} clients, {pageSeconds} s",
            () => admin.GetAsync("/connections"), app, pageClients, pageSeconds, warmUpSeconds);
        return row;
    }

    // Warms a page up uncounted, then measures it, with the serving process's CPU over the measured window only.
    async Task<(Row Row, PageLoadResult Load)> LoadRowAsync(string scenario, Func<Task> load, ServiceProcess server, int clients, int seconds, int warmUp)
    {
        await PageLoad.WarmUpAsync(load, clients, warmUp);
        var cpu = server.CpuSeconds;
        var measured = await PageLoad.MeasureAsync(load, clients, seconds);
        return (new Row(scenario, measured.Requests, seconds, measured.PerSecond, server.PeakRssMiB, server.CpuSeconds - cpu, 0, "", measured.Latency), measured);
    }

    // The page the product frames first (Get started), entered with the product's JWT as a site admin opens it, beside
    // the same entry into a minimal atlassian-connect-express page: both verify the JWT and its qsh, find the tenant and
    // issue a session token; ours also reads the site's checklist from PostgreSQL. ACE runs twice: with the store its
    // documentation gives for production (Sequelize on PostgreSQL), which the targets compare against, and with a map in
    // memory (ACE at its fastest, which no production app can run). Concurrent clients, then one.
    async Task<PageComparison> JwtPageComparisonAsync()
    {
        await Admin($"create database {database}_ace");
        var aceDatabase = new NpgsqlConnectionStringBuilder(connectionString);
        var databaseUrl = $"postgres://{aceDatabase.Username}:{aceDatabase.Password}@{aceDatabase.Host}:{aceDatabase.Port}/{database}_ace";
        var aces = new List<(string Name, ServiceProcess Process, string Page)>();
        try
        {
            foreach (var (store, name) in new[] { (AceApp.Store.PostgreSql, "ACE 11.5.3, PostgreSQL store"), (AceApp.Store.Memory, "ACE 11.5.3, memory store") })
            {
                var (process, page) = await AceApp.StartAsync(root, $"http://127.0.0.1:{FreePort()}", $"{sandboxUrl}/site/acme", store, databaseUrl);
                aces.Add((name, process, page));
            }
            // Ours is entered through a frame URL the site signs afresh for each load phase (its JWT expires); ACE's is fixed.
            var contenders = new List<(string Name, ServiceProcess Process, Func<Task<string>> PageUrl)>
                { ("ours (Get started)", app, () => AdminBrowser.FrameUrlAsync(http, sandboxUrl, "acme")) };
            contenders.AddRange(aces.Select(a => (a.Name, a.Process, (Func<Task<string>>)(() => Task.FromResult(a.Page)))));
            var rows = new List<Row>();
            var loads = new Dictionary<(string, int), PageLoadResult>();
            foreach (var clients in new[] { pageClients, 1 })
            {
                var (seconds, warmUp) = clients == 1 ? (Math.Max(3, pageSeconds / 2), Math.Min(3, warmUpSeconds)) : (pageSeconds, warmUpSeconds);
                foreach (var (name, process, pageUrl) in contenders)
                {
                    var (row, load) = await LoadRowAsync($"6. JWT admin page, {name}, {clients} client{(clients == 1 ? "" : "s")}, {seconds} s",
                        PageLoad.Get(http, await pageUrl()), process, clients, seconds, warmUp);
                    rows.Add(row);
                    loads[(name, clients)] = load;
                }
            }
            PageLoadResult Of(int index, int clients) => loads[(contenders[index].Name, clients)];
            return new PageComparison(rows, Concurrent: (Of(0, pageClients), Of(1, pageClients), Of(2, pageClients)), Single: (Of(0, 1), Of(1, 1), Of(2, 1)));
        }
        finally
        {
            foreach (var ace in aces) await ace.Process.DisposeAsync();
            await Admin($"drop database if exists {database}_ace with (force)");
        }
    }

    async Task Faults(object settings) => (await http.PutAsJsonAsync($"{sandboxUrl}/sandbox/sites/acme/faults", settings)).EnsureSuccessStatusCode();
}
finally
{
    await app.DisposeAsync();
}

var table = Render(results);
Console.WriteLine(table);
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, table);
await Admin($"drop database if exists {database} with (force)");
return 0;

string Render(IReadOnlyList<Row> rows)
{
    var text = new StringBuilder();
    text.AppendLine($"# Benchmark results ({(smoke ? "smoke" : "full")} run, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores)");
    text.AppendLine();
    text.AppendLine("| Scenario | Records | Wall (s) | Records/s | App peak RSS (MiB) | App CPU (s) | Destination writes | Busiest destination endpoints | Outcome |");
    text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|---|");
    foreach (var row in rows)
        text.AppendLine($"| {row.Scenario} | {row.Records:N0} | {row.Seconds:0.0} | {row.PerSecond:0.0} | {row.PeakRssMiB:0} | {row.CpuSeconds:0.0} | {row.Writes:N0} | {row.Requests} | {row.Notes} |");
    if (!pagesOnly && rows.Count >= 6)
    {
        text.AppendLine();
        text.AppendLine("| Target | Measured |");
        text.AppendLine("|---|---|");
        text.AppendLine($"| Memory flat: large peak RSS ≤ 1.3 × small | {rows[1].PeakRssMiB / rows[0].PeakRssMiB:0.00} × |");
        text.AppendLine($"| Time linear: large ≤ 12 × small | {rows[1].Seconds / rows[0].Seconds:0.0} × (size ratio {(double)rows[1].Records / Math.Max(1, rows[0].Records):0.0}) |");
        text.AppendLine($"| Delta ≥ 10 × faster than the first import, zero writes | {rows[1].Seconds / rows[2].Seconds:0.0} × faster, {rows[2].Writes:N0} writes |");
        text.AppendLine($"| 1% changed writes about 1% | {rows[3].Writes:N0} writes vs {rows[1].Writes:N0} in the first import ({100.0 * rows[3].Writes / Math.Max(1, rows[1].Writes):0.0}%) |");
        text.AppendLine($"| Rate-limited: ≥ 90% of R, 0 failed | {rows[4].Notes} |");
        text.AppendLine($"| Page p99 ≤ 10 × p50 | {rows[5].Notes} |");
    }
    if (jwtPages is { } pages)
    {
        if (pagesOnly) text.AppendLine().AppendLine("| Target | Measured |").AppendLine("|---|---|");
        var (ours, ace, aceInMemory) = pages.Concurrent;
        text.AppendLine($"| JWT page, {pageClients} clients: ours ≥ 2 × ACE (PostgreSQL store) requests/s | {Met(ours.PerSecond >= 2 * ace.PerSecond)}: {ours.PerSecond / ace.PerSecond:0.00} × ({ours.PerSecond:0} vs {ace.PerSecond:0} requests/s; ACE with its memory store {aceInMemory.PerSecond:0}) |");
        var single = pages.Single;
        text.AppendLine($"| JWT page, one client: ours p50 ≤ ACE (PostgreSQL store) p50 | {Met(single.Ours.P50 <= single.Ace.P50)}: {single.Ours.P50:0.0} ms vs {single.Ace.P50:0.0} ms (ACE with its memory store {single.AceInMemory.P50:0.0} ms) |");
    }
    return text.ToString();

    static string Met(bool met) => met ? "met" : "not met";
}

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

async Task Admin(string sql)
{
    await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Connector.sln"))) return dir.FullName;
    return Directory.GetCurrentDirectory();
}

/// <summary>Our JWT page beside ACE's: the table's rows, and the two loads the targets compare.</summary>
record PageComparison(IReadOnlyList<Row> Rows, (PageLoadResult Ours, PageLoadResult Ace, PageLoadResult AceInMemory) Concurrent,
    (PageLoadResult Ours, PageLoadResult Ace, PageLoadResult AceInMemory) Single);

record Row(string Scenario, int Records, double Seconds, double PerSecond, double PeakRssMiB, double CpuSeconds, int Writes, string Requests, string Notes);
