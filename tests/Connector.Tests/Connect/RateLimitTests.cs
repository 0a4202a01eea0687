using System.Text;
using Connector.Tests.Infrastructure;
using Connector.Web.Connections;

namespace Connector.Tests.Connect;

/// <summary>A world with small budgets for what anyone can call, so a bounded number of calls reaches them.</summary>
public sealed class TightLimitsWorld : ConnectWorld<RateLimitTests>
{
    protected override Dictionary<string, string?> AppSettings => new() { ["RateLimits:CallbacksPerMinute"] = "5", ["RateLimits:OperatorPerMinute"] = "5" };
}

/// <summary>A world whose tenants may start three runs a minute (its callbacks keep their normal budget, for installs).</summary>
public sealed class TightRunStartsWorld : ConnectWorld<RunStartLimitTests>
{
    protected override Dictionary<string, string?> AppSettings => new() { ["RateLimits:RunStartsPerMinute"] = "3" };
}

/// <summary>Our own endpoints under abuse: per-address limits on what anyone can call.</summary>
public sealed class RateLimitTests(TightLimitsWorld world) : IClassFixture<TightLimitsWorld>
{
    [Fact]
    public async Task Lifecycle_callbacks_beyond_the_budget_get_429_with_Retry_After()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await world.Http.PostAsync($"{world.AppUrl}/connect/uninstalled", JsonContent.Create(new { clientKey = "nobody" }));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) Assert.Equal("60", response.Headers.RetryAfter?.ToString());
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(5)); // this class's only callbacks
        Assert.All(statuses.Skip(5), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    [Fact]
    public async Task Guessing_the_operator_key_is_slowed_down()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, $"{world.AppUrl}/operator/tenants/some-site/edition") { Content = JsonContent.Create(new { edition = "advanced" }) };
            request.Headers.Add("X-Operator-Key", $"guess-{i}");
            using var response = await world.Http.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }
}

/// <summary>Per tenant on run starts; small bodies only where small bodies belong.</summary>
public sealed class RunStartLimitTests(TightRunStartsWorld world) : IClassFixture<TightRunStartsWorld>
{
    [Fact]
    public async Task A_tenant_starting_runs_too_fast_is_told_to_wait()
    {
        var connection = await world.ConnectionFromJiraAsync("globex", "acme", Destination.Customers);
        await world.BuildAsync("globex", connection.Id);
        var admin = await AppSession.OpenAsync(world, "globex");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await admin.PostAsync($"/connections/{connection.Id}/run?kind=Test", [])).Status);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task An_oversized_install_payload_is_refused_before_it_is_read()
    {
        var huge = new StringContent("{\"key\":\"" + new string('x', 200 * 1024) + "\"}", Encoding.UTF8, "application/json");

        using var response = await world.Http.PostAsync($"{world.AppUrl}/connect/installed", huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}

/// <summary>Forms are small: a page that takes no upload refuses a large body with 413 before reading it.</summary>
public sealed class FormSizeTests(ConnectWorld<FormSizeTests> world) : IClassFixture<ConnectWorld<FormSizeTests>>
{
    [Fact]
    public async Task A_form_post_over_a_megabyte_is_refused_except_where_files_are_uploaded()
    {
        var admin = await AppSession.OpenAsync(world, "acme");

        var (settings, _) = await admin.PostAsync("/settings", new() { ["Email"] = new string('x', 2 * 1024 * 1024) }, waitForContinue: true);
        var (upload, _) = await admin.PostAsync("/sources/edit?type=Csv", new() { ["Input.Name"] = "Big but allowed" },
            ("Input.File", "big.csv", Encoding.UTF8.GetBytes("Email,Name\n" + string.Concat(Enumerable.Repeat("a@x.example,A\n", 150_000)))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, settings);
        Assert.Equal(HttpStatusCode.OK, upload);
    }
}
