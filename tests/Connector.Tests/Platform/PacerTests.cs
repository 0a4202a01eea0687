using System.Net;
using Connector.Sandbox.Data;
using Connector.Sandbox.Faults;
using Connector.Tests.Infrastructure;
using Connector.Web.Connections;
using Connector.Web.Imports;
using Connector.Web.Platform.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tests.Platform;

/// <summary>The pacer: unpaced until pushed back, then AIMD; against the sandbox's rate limit, 429s stay rare.</summary>
[Collection(Crash.RunsAlone.Name)]
public sealed class PacerTests(ConnectWorld<PacerTests> world) : IClassFixture<ConnectWorld<PacerTests>>
{
    sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    static HttpResponseMessage Answer(HttpStatusCode status, (string, string)? header = null, (string, string)? second = null)
    {
        var response = new HttpResponseMessage(status);
        foreach (var (name, value) in new[] { header, second }.OfType<(string, string)>()) response.Headers.TryAddWithoutValidation(name, value);
        return response;
    }

    [Fact]
    public void Unpaced_until_a_429_then_cut_to_90_percent_of_what_was_accepted_and_raised_each_second_it_holds_calls_back_carefully_near_the_limit()
    {
        var clock = new ManualClock();
        var pacer = new Pacer(clock);
        for (var i = 0; i < 45; i++) Assert.Equal(TimeSpan.Zero, pacer.Reserve());
        for (var i = 0; i < 40; i++) pacer.Observe(Answer(HttpStatusCode.OK)); // 40 accepted, the last 5 refused
        Assert.Null(pacer.Rate);

        pacer.Observe(Answer(HttpStatusCode.TooManyRequests));
        pacer.Observe(Answer(HttpStatusCode.TooManyRequests)); // the rest of the burst: no second cut within the second
        Assert.Equal(36, pacer.Rate);
        Assert.Equal(TimeSpan.Zero, pacer.Reserve());
        Assert.Equal(TimeSpan.FromSeconds(1 / 36.0), pacer.Reserve());

        clock.Now += TimeSpan.FromSeconds(2);
        pacer.Reserve(); // this call found its slot free: the pace held nothing back, so it stays
        Assert.Equal(36, pacer.Rate);
        pacer.Reserve(); // this one waits for its slot: a second has passed since the cut, so the pace rises by one call
        Assert.Equal(37, pacer.Rate);
        pacer.Reserve();
        Assert.Equal(37, pacer.Rate); // once per second at most
        clock.Now += TimeSpan.FromSeconds(1);
        pacer.Reserve();
        pacer.Reserve();
        Assert.Equal(38, pacer.Rate); // 38 is within 5% of the 40 refused: from here a quarter call per second
        clock.Now += TimeSpan.FromSeconds(1);
        pacer.Reserve();
        pacer.Reserve();
        Assert.Equal(38.25, pacer.Rate);

        clock.Now += TimeSpan.FromSeconds(1);
        pacer.Observe(Answer(HttpStatusCode.TooManyRequests, ("Retry-After", "3")));
        Assert.Equal(38.25 * 0.9, pacer.Rate!.Value, 6);
        Assert.Equal(TimeSpan.FromSeconds(3), pacer.Reserve()); // the partition waits what the site asked
    }

    [Fact]
    public void A_spent_quota_holds_every_call_until_its_reset()
    {
        var clock = new ManualClock();
        var pacer = new Pacer(clock);
        var reset = clock.Now.AddSeconds(20);
        pacer.Observe(Answer(HttpStatusCode.OK, ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", reset.ToString("O"))));
        Assert.Equal(TimeSpan.FromSeconds(20), pacer.Reserve());
        clock.Now = reset;
        Assert.Equal(TimeSpan.Zero, pacer.Reserve());
    }

    [Fact]
    public void A_429_for_a_spent_quota_holds_the_tenant_until_the_reset_but_keeps_the_pace()
    {
        var clock = new ManualClock();
        var pacer = new Pacer(clock);
        for (var i = 0; i < 20; i++) pacer.Observe(Answer(HttpStatusCode.OK));
        pacer.Observe(Answer(HttpStatusCode.TooManyRequests, ("RateLimit-Reason", "jira-quota-tenant-based"), ("Retry-After", "5")));
        Assert.Null(pacer.Rate); // not too fast: the allowance is spent
        Assert.Equal(TimeSpan.FromSeconds(5), pacer.Reserve());
        pacer.Observe(Answer(HttpStatusCode.TooManyRequests, ("RateLimit-Reason", "jira-burst-based")));
        Assert.Equal(18, pacer.Rate); // too fast: cut to 90% of the 20 accepted
    }

    [Fact]
    public async Task An_import_waits_out_each_spent_quota_window_and_loses_nothing()
    {
        world.Site("umbrella").People = new DataSet { Users = 60, Seed = 59 };
        var connection = await world.ConnectionFromJiraAsync("initech", "umbrella", Destination.Customers);
        await world.BuildAsync("initech", connection.Id);
        var counts = world.Sandbox.Services.GetRequiredService<RequestCounts>();
        await world.SetFaultsAsync("initech", new FaultSettings { QuotaPerWindow = 100, QuotaWindowSeconds = 3 });
        counts.Reset();

        var run = await world.WaitForRunAsync((await world.StartRunAsync("initech", connection.Id, RunKind.Full)).Run.Id, TimeSpan.FromMinutes(2));
        await world.ClearFaultsAsync("initech");

        var (calls, refused) = Answered(counts, "initech");
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(0, run.Failed);
        Assert.True(calls > 200, $"{calls} calls: the import crossed several quota windows");
        // Per window crossed, at most the calls already in flight (8 writers) meet the spent quota; then the tenant waits.
        Assert.True(refused <= 10 * (calls / 100 + 1), $"{refused} of {calls} calls were answered 429");
    }

    [Fact]
    public async Task An_import_against_a_rate_limited_site_gets_under_one_percent_429s_and_loses_nothing()
    {
        world.Site("globex").People = new DataSet { Users = 300, Companies = 6, Seed = 47 };
        var connection = await world.ConnectionFromJiraAsync("acme", "globex", Destination.CustomersAndOrganizations);
        await world.BuildAsync("acme", connection.Id);
        var counts = world.Sandbox.Services.GetRequiredService<RequestCounts>();
        await world.SetFaultsAsync("acme", new FaultSettings { RateLimitPerSecond = 80 });
        counts.Reset();

        var run = await world.WaitForRunAsync((await world.StartRunAsync("acme", connection.Id, RunKind.Full)).Run.Id, TimeSpan.FromMinutes(2));
        await world.ClearFaultsAsync("acme");

        var (calls, refused) = Answered(counts, "acme");
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(0, run.Failed);
        Assert.True(calls > 600, $"{calls} calls");
        Assert.True(refused <= calls / 100, $"{refused} of {calls} calls were answered 429: " + string.Join("; ", counts.Snapshot().Where(c => c.Key.StartsWith("acme ")).Select(c => $"{c.Key}={c.Value}")));
    }

    /// <summary>Calls the site answered, and those it answered with a fault (429 here), from the sandbox's request log.</summary>
    static (int Calls, int Refused) Answered(RequestCounts counts, string site)
    {
        var ofSite = counts.Snapshot().Where(c => c.Key.StartsWith(site + " ", StringComparison.Ordinal)).ToList();
        return (ofSite.Where(c => !c.Key.EndsWith("(failed)")).Sum(c => c.Value), ofSite.Where(c => c.Key.EndsWith("(failed)")).Sum(c => c.Value));
    }
}
