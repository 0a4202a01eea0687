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
// runs only a Full Import of 1,000,000 users (about a quarter of an hour) and writes bench/results/large.md.
var smoke = args.Contains("--smoke");
var largeOnly = args.Contains("--large");
var rate = int.TryParse(Arg("--rate"), out var r) ? r : 50;
var root = FindRoot();
var output = Arg("--out") ?? Path.Combine(root, "bench", "results", largeOnly ? "large.md" : "latest.md");
var (small, large, rateRecords, pageConnections, pageClients, pageSeconds) = smoke ? (200, 400, 40, 5, 4, 3) : (10_000, 100_000, 300, 50, 32, 20);
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
        results.Add(await PageLatencyAsync());
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
        var latencies = new List<double>();
        var deadline = DateTime.UtcNow.AddSeconds(pageSeconds);
        var cpuBefore = app.CpuSeconds;
        var clients = Enumerable.Range(0, pageClients).Select(async _ =>
        {
            var mine = new List<double>();
            while (DateTime.UtcNow < deadline)
            {
                var watch = Stopwatch.StartNew();
                await admin.GetAsync("/connections");
                mine.Add(watch.Elapsed.TotalMilliseconds);
            }
            return mine;
        });
        foreach (var list in await Task.WhenAll(clients)) latencies.AddRange(list);
        latencies.Sort();
        double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)(p * latencies.Count))];
        var (p50, p99) = (Percentile(0.50), Percentile(0.99));
        return new Row($"5. Connections page, {pageConnections} connections, {pageClients} clients, {pageSeconds} s", latencies.Count, pageSeconds,
            latencies.Count / (double)pageSeconds, app.PeakRssMiB, app.CpuSeconds - cpuBefore, 0, "", $"p50 {p50:0.0} ms, p99 {p99:0.0} ms (p99/p50 {p99 / p50:0.0})");
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
    if (rows.Count >= 5)
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
    return text.ToString();
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

record Row(string Scenario, int Records, double Seconds, double PerSecond, double PeakRssMiB, double CpuSeconds, int Writes, string Requests, string Notes);
