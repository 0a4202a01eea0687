using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Connector.Sandbox.Data;
using Connector.Sandbox.Faults;
using Connector.Tests.Infrastructure;

namespace Connector.Tests.Sandbox;

/// <summary>The sandbox is only useful if it is as strict as Atlassian: its subtle rules, over HTTP.</summary>
public sealed class SandboxRulesTests(ConnectWorld<SandboxRulesTests> world) : IClassFixture<ConnectWorld<SandboxRulesTests>>
{
    string Csm(string site) => $"{world.SandboxUrl}/gateway/jsm/csm/cloudid/{world.Site(site).CloudId}/api/v1";

    HttpRequestMessage AsAdmin(HttpMethod method, string url, object? body = null, string site = "acme", string? idempotencyKey = null)
    {
        var admin = world.Site(site).Admin;
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{admin.Email}:{admin.ApiToken}")));
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpRequestMessage request)
    {
        using var response = await world.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    [Fact]
    public async Task Csm_takes_a_jira_admins_basic_auth_and_refuses_app_jwts_and_agents()
    {
        var agent = world.Site("acme").Agent;
        var asAgent = new HttpRequestMessage(HttpMethod.Get, $"{Csm("acme")}/customer/details");
        asAgent.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{agent.Email}:{agent.ApiToken}")));
        var asApp = new HttpRequestMessage(HttpMethod.Get, $"{Csm("acme")}/customer/details");
        asApp.Headers.Authorization = new("JWT", "a.b.c");

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(AsAdmin(HttpMethod.Get, $"{Csm("acme")}/customer/details"))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(asAgent)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(asApp)).Status);
    }

    [Fact]
    public async Task Detail_field_names_are_unique_ignoring_case_and_a_bulk_request_with_a_clash_creates_nothing()
    {
        var url = $"{Csm("globex")}/organization/details";
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(AsAdmin(HttpMethod.Post, url, new { name = "Region", type = new { name = "SELECT", options = new[] { "EU", "US" } } }, "globex"))).Status);
        var duplicate = await SendAsync(AsAdmin(HttpMethod.Post, url, new { name = " region ", type = new { name = "TEXT" } }, "globex"));
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.Status);
        Assert.Contains("already exists", (string?)duplicate.Body!["errorMessage"]);

        var bulk = await SendAsync(AsAdmin(HttpMethod.Post, $"{url}/definitions/bulk",
            new { detailFields = new object[] { new { name = "Tier", type = new { name = "TEXT" } }, new { name = "REGION", type = new { name = "TEXT" } } } },
            "globex", Guid.NewGuid().ToString()));
        Assert.Equal(HttpStatusCode.Accepted, bulk.Status);
        var task = await SendAsync(AsAdmin(HttpMethod.Get, $"{Csm("globex")}/tasks/{bulk.Body!["id"]}", site: "globex"));
        Assert.Single(task.Body!["failures"]!.AsArray());

        var fields = (await SendAsync(AsAdmin(HttpMethod.Get, url, site: "globex"))).Body!["results"]!.AsArray();
        Assert.Equal(["Region"], fields.Select(f => (string?)f!["name"]));
    }

    [Fact]
    public async Task A_sixth_open_bulk_task_is_refused_and_an_idempotency_key_replays_its_task()
    {
        var url = $"{Csm("initech")}/customer/profile/bulk";
        world.Site("initech").Tasks.Duration = TimeSpan.FromMinutes(5); // the five stay open however slowly this machine sends them
        object Profiles(int n) => new { customerProfiles = new[] { new { operationType = "UPSERT", payload = new { email = $"p{n}@x.example", displayName = $"P{n}" } } } };
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var started = await SendAsync(AsAdmin(HttpMethod.Post, url, Profiles(i), "initech", $"key-{i}"));
            Assert.Equal(HttpStatusCode.Accepted, started.Status);
            ids.Add((string)started.Body!["id"]!);
        }

        var sixth = await SendAsync(AsAdmin(HttpMethod.Post, url, Profiles(5), "initech", "key-5"));
        var replay = await SendAsync(AsAdmin(HttpMethod.Post, url, Profiles(0), "initech", "key-0"));
        var reusedKey = await SendAsync(AsAdmin(HttpMethod.Post, url, Profiles(9), "initech", "key-0"));
        var noKey = await SendAsync(AsAdmin(HttpMethod.Post, url, Profiles(9), "initech"));

        Assert.Equal(HttpStatusCode.BadRequest, sixth.Status);
        Assert.Equal("Maximum number of tasks reached", (string?)sixth.Body!["errorMessage"]);
        Assert.Equal(ids[0], (string?)replay.Body!["id"]);
        Assert.Equal(HttpStatusCode.Conflict, reusedKey.Status);
        Assert.Equal(HttpStatusCode.BadRequest, noKey.Status);
    }

    [Theory]
    [InlineData("DATE", "2026-02-30", false)]
    [InlineData("DATE", "2026-02-28", true)]
    [InlineData("EMAIL", "not-an-email", false)]
    [InlineData("URL", "https://example.com", true)]
    [InlineData("NUMBER", "12.5", true)]
    [InlineData("NUMBER", "12,5", false)]
    [InlineData("BOOLEAN", "yes", false)]
    [InlineData("SELECT", "Gold", true)]
    [InlineData("SELECT", "Platinum", false)]
    public async Task Detail_values_are_validated_against_the_field_type(string type, string value, bool accepted)
    {
        var fieldName = $"{type} {Guid.NewGuid():N}"[..20];
        await SendAsync(AsAdmin(HttpMethod.Post, $"{Csm("umbrella")}/customer/details",
            new { name = fieldName, type = new { name = type, options = type == "SELECT" ? new[] { "Gold", "Silver" } : null } }, "umbrella"));
        var customer = await SendAsync(AsAdmin(HttpMethod.Post, $"{world.Site("umbrella").BaseUrl}/rest/servicedeskapi/customer",
            new { email = $"{Guid.NewGuid():N}@x.example", displayName = "V" }, "umbrella"));

        var set = await SendAsync(AsAdmin(HttpMethod.Put,
            $"{Csm("umbrella")}/customer/{customer.Body!["accountId"]}/details?fieldName={Uri.EscapeDataString(fieldName)}",
            new { values = new[] { value } }, "umbrella"));

        Assert.Equal(accepted ? HttpStatusCode.OK : HttpStatusCode.BadRequest, set.Status);
        if (!accepted) Assert.Equal("Invalid detail field value", (string?)set.Body!["errorMessage"]);
    }

    [Fact]
    public async Task Jsm_refuses_duplicate_customers_and_organizations_and_user_search_finds_customers_by_email()
    {
        var jsm = $"{world.Site("acme").BaseUrl}/rest/servicedeskapi";
        var email = $"{Guid.NewGuid():N}@dup.example";
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(AsAdmin(HttpMethod.Post, $"{jsm}/customer", new { email, displayName = "Dup" }))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(AsAdmin(HttpMethod.Post, $"{jsm}/customer", new { email, displayName = "Dup" }))).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(AsAdmin(HttpMethod.Post, $"{jsm}/customer?strictConflictStatusCode=true", new { email, displayName = "Dup" }))).Status);

        var orgName = $"Org {Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(AsAdmin(HttpMethod.Post, $"{jsm}/organization", new { name = orgName }))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(AsAdmin(HttpMethod.Post, $"{jsm}/organization", new { name = orgName.ToUpperInvariant() }))).Status);

        var found = await SendAsync(AsAdmin(HttpMethod.Get, $"{world.Site("acme").BaseUrl}/rest/api/3/user/search?query={Uri.EscapeDataString(email)}"));
        var user = Assert.Single(found.Body!.AsArray());
        Assert.Equal("customer", (string?)user!["accountType"]);
        Assert.Equal(email, (string?)user["emailAddress"]);
    }

    [Fact]
    public async Task The_rate_limiter_answers_429_with_retry_after_beyond_its_rate()
    {
        await world.SetFaultsAsync("globex", new FaultSettings { RateLimitPerSecond = 5 });
        try
        {
            // A concurrent burst lands in at most two one-second windows, so at most 10 of the 12 pass.
            var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
                world.Http.SendAsync(AsAdmin(HttpMethod.Get, $"{Csm("globex")}/customer/details", site: "globex"))));
            var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.InRange(limited.Count, 2, 7);
            Assert.All(limited, r => Assert.Equal(TimeSpan.FromSeconds(1), r.Headers.RetryAfter?.Delta));
            foreach (var response in responses) response.Dispose();
        }
        finally
        {
            await world.ClearFaultsAsync("globex");
        }
    }

    [Fact]
    public async Task A_burst_limit_per_endpoint_counts_each_endpoint_on_its_own()
    {
        await world.SetFaultsAsync("globex", new FaultSettings { RateLimitPerSecond = 3, RateLimitPerEndpoint = true });
        try
        {
            // Three calls to each of two endpoints at once: within each endpoint's limit, whatever second they land in.
            var details = $"{Csm("globex")}/customer/details";
            var organizations = $"{world.Site("globex").BaseUrl}/rest/servicedeskapi/organization";
            var both = await Task.WhenAll(new[] { details, details, details, organizations, organizations, organizations }
                .Select(url => world.Http.SendAsync(AsAdmin(HttpMethod.Get, url, site: "globex"))));
            Assert.DoesNotContain(both, r => r.StatusCode == HttpStatusCode.TooManyRequests);
            // From the next second on, eight to one endpoint land in at most two one-second windows: three to six pass.
            await Task.Delay(TimeSpan.FromMilliseconds(1_020 - DateTimeOffset.UtcNow.Millisecond));
            var one = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => world.Http.SendAsync(AsAdmin(HttpMethod.Get, details, site: "globex"))));
            var limited = one.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.InRange(limited.Count, 2, 5);
            Assert.All(limited, r => Assert.Equal(["jira-burst-based"], r.Headers.GetValues("RateLimit-Reason")));
            foreach (var response in both.Concat(one)) response.Dispose();
        }
        finally
        {
            await world.ClearFaultsAsync("globex");
        }
    }

    [Fact]
    public async Task A_quota_for_apps_only_counts_app_traffic_and_leaves_api_tokens_to_the_burst_limit()
    {
        await world.SetFaultsAsync("globex", new FaultSettings { QuotaPerWindow = 3, QuotaForAppsOnly = true });
        try
        {
            var details = $"{Csm("globex")}/customer/details";
            // An admin's API token (Basic): neither counted nor told about the quota.
            for (var i = 0; i < 5; i++)
            {
                using var basic = await world.Http.SendAsync(AsAdmin(HttpMethod.Get, details, site: "globex"));
                Assert.Equal(HttpStatusCode.OK, basic.StatusCode);
                Assert.False(basic.Headers.Contains("X-RateLimit-Limit"));
            }
            // App traffic (a Forge app's Bearer token) is counted, before the endpoint looks at the token, as every fault is.
            var answers = new List<HttpResponseMessage>();
            for (var i = 0; i < 4; i++)
            {
                var request = new HttpRequestMessage(HttpMethod.Get, details);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "an-app-token");
                answers.Add(await world.Http.SendAsync(request));
            }
            Assert.All(answers, a => Assert.Equal(["3"], a.Headers.GetValues("X-RateLimit-Limit")));
            Assert.DoesNotContain(answers.Take(3), a => a.StatusCode == HttpStatusCode.TooManyRequests);
            Assert.Equal(HttpStatusCode.TooManyRequests, answers[3].StatusCode);
            Assert.Equal(["jira-quota-tenant-based"], answers[3].Headers.GetValues("RateLimit-Reason"));
            foreach (var answer in answers) answer.Dispose();
        }
        finally
        {
            await world.ClearFaultsAsync("globex");
        }
    }

    [Fact]
    public async Task The_quota_says_what_is_left_on_every_answer_and_when_it_resets_once_spent()
    {
        await world.SetFaultsAsync("globex", new FaultSettings { QuotaPerWindow = 10, QuotaWindowSeconds = 3600 });
        try
        {
            var answers = new List<HttpResponseMessage>();
            for (var i = 0; i < 11; i++) answers.Add(await world.Http.SendAsync(AsAdmin(HttpMethod.Get, $"{Csm("globex")}/customer/details", site: "globex")));
            Assert.Equal(["10"], answers[0].Headers.GetValues("X-RateLimit-Limit"));
            Assert.Equal(["9"], answers[0].Headers.GetValues("X-RateLimit-Remaining"));
            Assert.False(answers[0].Headers.Contains("X-RateLimit-NearLimit"));
            Assert.Equal(["true"], answers[9].Headers.GetValues("X-RateLimit-NearLimit"));
            var spent = answers[10];
            Assert.Equal(HttpStatusCode.TooManyRequests, spent.StatusCode);
            Assert.Equal(["jira-quota-tenant-based"], spent.Headers.GetValues("RateLimit-Reason"));
            Assert.Equal(["0"], spent.Headers.GetValues("X-RateLimit-Remaining"));
            // Atlassian's format: yyyy-MM-ddTHH:mmZ, the request time plus Retry-After.
            var reset = Assert.Single(spent.Headers.GetValues("X-RateLimit-Reset"));
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$", reset);
            Assert.InRange(spent.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
            foreach (var answer in answers) answer.Dispose();
        }
        finally
        {
            await world.ClearFaultsAsync("globex");
        }
    }

    [Fact]
    public async Task Admin_api_cursors_are_opaque_and_bound_to_their_organization()
    {
        world.Site("acme").People = new DataSet { Users = 50 };
        var acmeOrg = world.Site("acme").OrganizationId;
        HttpRequestMessage Users(string org, string? cursor, string key)
        {
            var request = new HttpRequestMessage(HttpMethod.Get,
                $"{world.SandboxUrl}/gateway/admin/v2/orgs/{org}/directories/-/users?limit=10{(cursor is null ? "" : $"&cursor={cursor}")}");
            request.Headers.Authorization = new("Bearer", key);
            return request;
        }

        var first = await SendAsync(Users(acmeOrg, null, "org-key-acme"));
        var next = (string)first.Body!["links"]!["next"]!;
        var garbage = await SendAsync(Users(acmeOrg, "not-a-cursor", "org-key-acme"));
        var replayedElsewhere = await SendAsync(Users(world.Site("globex").OrganizationId, next, "org-key-globex"));

        Assert.DoesNotContain("10", next);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.Status);
        Assert.Equal("INVALID_PAGE_CURSOR", (string?)garbage.Body!["errors"]![0]!["code"]);
        Assert.Equal(HttpStatusCode.BadRequest, replayedElsewhere.Status);
    }

    [Fact]
    public async Task Generated_data_is_the_same_for_the_same_seed_and_a_new_revision_changes_only_every_nth_person()
    {
        var once = await world.Http.GetStringAsync($"{world.SandboxUrl}/sandbox/datasets/people.csv?users=300&companies=7&seed=4&badEvery=10&delimiter=;");
        var again = await world.Http.GetStringAsync($"{world.SandboxUrl}/sandbox/datasets/people.csv?users=300&companies=7&seed=4&badEvery=10&delimiter=;");
        Assert.Equal(once, again);
        Assert.Equal(30, once.Split('\n').Count(line => line.Length > 0 && line.Split(';').Length == 2));

        var before = new DataSet { Users = 1000, Seed = 9 };
        var after = before with { Revision = 1 };
        var changed = Enumerable.Range(0, 1000).Count(i => before[i] != after[i]);
        Assert.Equal(10, changed);
    }
}
