using System.Diagnostics;
using Connector.Sandbox.Faults;
using Connector.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tests.Connect;

/// <summary>Calls to the tenant's product: signed as the app, cached where they may be, retried when the site struggles.</summary>
public sealed class OutboundCallTests(ConnectWorld<OutboundCallTests> world) : IClassFixture<ConnectWorld<OutboundCallTests>>
{
    RequestCounts Counts => world.Sandbox.Services.GetRequiredService<RequestCounts>();

    [Fact]
    public async Task The_admin_check_is_signed_as_the_app_accepted_by_the_product_and_cached()
    {
        await world.InstallAsync("acme");

        Assert.Equal(HttpStatusCode.OK, (await world.Http.GetAsync(world.FrameUrl("acme", "/getting-started"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.Http.GetAsync(world.FrameUrl("acme", "/connections"))).StatusCode);

        Assert.Equal(1, Counts["acme POST /rest/api/3/permissions/check"]);
    }

    [Fact]
    public async Task Rate_limited_answers_are_retried_after_the_wait_the_product_asked_for()
    {
        await world.InstallAsync("globex");
        await world.SetFaultsAsync("globex", new FaultSettings { PathPrefix = "/rest/api/3/permissions", FailNext = 2, FailStatus = 429, RetryAfterSeconds = 1 });

        var clock = Stopwatch.StartNew();
        using var response = await world.Http.GetAsync(world.FrameUrl("globex", "/getting-started"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), $"two Retry-After: 1 answers were honoured in {clock.Elapsed}");
        Assert.Equal(3, Counts["globex POST /rest/api/3/permissions/check"]);
        Assert.Equal(2, Counts["globex POST /rest/api/3/permissions/check (failed)"]);
    }

    [Fact]
    public async Task A_site_that_keeps_failing_gets_a_clear_try_again_page_after_the_retries()
    {
        await world.InstallAsync("initech");
        await world.SetFaultsAsync("initech", new FaultSettings { PathPrefix = "/rest/api/3/permissions", Maintenance = true });

        using var response = await world.Http.GetAsync(world.FrameUrl("initech", "/getting-started"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("did not answer in time", await response.Content.ReadAsStringAsync());
        Assert.Equal(5, Counts["initech POST /rest/api/3/permissions/check"]);
        await world.ClearFaultsAsync("initech");
    }
}
