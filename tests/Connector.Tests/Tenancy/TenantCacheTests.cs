using System.Net;
using Connector.Tests.Infrastructure;
using Connector.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tests.Tenancy;

/// <summary>Tenants kept in memory are forgotten the moment their row changes, whoever changed it.</summary>
public sealed class TenantCacheTests(ConnectWorld<TenantCacheTests> world) : IClassFixture<ConnectWorld<TenantCacheTests>>
{
    [Fact]
    public async Task A_change_to_a_tenant_row_made_anywhere_reaches_every_page_within_moments()
    {
        var admin = await AppSession.OpenAsync(world, "globex");
        var tenantId = await world.WithDbAsync(db => db.Set<Tenant>().Where(t => t.ClientKey == world.Site("globex").ClientKey).Select(t => t.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/connections")).Status);
        Assert.NotNull(world.App.Services.GetRequiredService<TenantCache>().Find(tenantId)); // kept after the page load

        // Another instance (here: plain SQL) marks the site uninstalled: the next pages are refused.
        await world.WithDbAsync(db => db.Database.ExecuteSqlAsync($"update tenants set installed = false where id = {tenantId}"));
        await UntilAsync(async () => (await admin.GetAsync("/connections")).Status == HttpStatusCode.Unauthorized);

        await world.WithDbAsync(db => db.Database.ExecuteSqlAsync($"update tenants set installed = true, edition = 'advanced' where id = {tenantId}"));
        await UntilAsync(async () => (await admin.GetAsync("/connections/edit")) is { Status: HttpStatusCode.OK } page
            && !page.Html.Contains("The Standard edition includes one connection"));
    }

    static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the change did not reach the pages within 5 s");
            await Task.Delay(50);
        }
    }
}
