using Connector.Sandbox.Faults;
using Connector.Tests.Infrastructure;
using Connector.Web.Connect.Product;
using Connector.Web.Connect.Tenants;
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
        using var http = new HttpClient(new TenantCircuitBreakerHandler(world.App.Services.GetRequiredService<TenantCircuitBreakers>())
        {
            InnerHandler = new SocketsHttpHandler(),
        });
        Tenant TenantOf(string site) => new() { Id = Guid.NewGuid(), ClientKey = site, BaseUrl = world.Site(site).BaseUrl, ProductType = "jira", SharedSecretProtected = "" };
        var (acme, globex) = (TenantOf("acme"), TenantOf("globex"));
        HttpRequestMessage Call(Tenant tenant)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"{tenant.BaseUrl}/_edge/tenant_info");
            request.Options.Set(ProductClient.TenantOption, tenant);
            return request;
        }

        var refusedLocally = 0;
        for (var i = 0; i < 40; i++)
        {
            try
            {
                using var response = await http.SendAsync(Call(acme));
            }
            catch (BrokenCircuitException)
            {
                refusedLocally++;
            }
        }
        using var other = await http.SendAsync(Call(globex));

        Assert.Equal(20, counts["acme GET /_edge/tenant_info"]);
        Assert.Equal(20, refusedLocally);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        await world.ClearFaultsAsync("acme");
    }
}
