using Connector.Sandbox.Faults;
using Connector.Tests.Infrastructure;
using Connector.Web.Platform.Http;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;

namespace Connector.Tests.Connect;

public sealed class CircuitBreakerTests(ConnectWorld<CircuitBreakerTests> world) : IClassFixture<ConnectWorld<CircuitBreakerTests>>
{
    [Fact]
    public async Task A_site_that_fails_everything_is_left_alone_for_a_while_and_other_sites_are_not_affected()
    {
        await world.SetFaultsAsync("acme", new FaultSettings { Maintenance = true });
        var counts = world.Sandbox.Services.GetRequiredService<RequestCounts>();
        // The app's own resilience configuration, without retries so each call is one attempt.
        var services = new ServiceCollection().AddSingleton(TimeProvider.System);
        services.AddHttpClient("site").AddCallResilience(CallPatience.Site with { MaxRetries = 0 });
        await using var provider = services.BuildServiceProvider();
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("site");
        HttpRequestMessage Call(string site)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"{world.Site(site).BaseUrl}/_edge/tenant_info");
            OutgoingCall.SetPartition(request, site);
            return request;
        }

        var refusedLocally = 0;
        for (var i = 0; i < 40; i++)
        {
            try
            {
                using var response = await http.SendAsync(Call("acme"));
            }
            catch (BrokenCircuitException)
            {
                refusedLocally++;
            }
        }
        using var other = await http.SendAsync(Call("globex"));

        Assert.Equal(20, counts["acme GET /_edge/tenant_info"]);
        Assert.Equal(20, refusedLocally);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        await world.ClearFaultsAsync("acme");
    }
}
