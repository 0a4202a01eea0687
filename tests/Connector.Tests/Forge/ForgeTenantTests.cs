using Connector.Sandbox.Data;
using Connector.Sandbox.Faults;
using Connector.Tests.Infrastructure;
using Connector.Web.Connections;
using Connector.Web.Csm;
using Connector.Web.Imports;
using Connector.Web.Notifications;
using Connector.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tests.Forge;

/// <summary>A site that runs the app through Forge: installed by trigger, importing as the app, its token kept fresh or found lapsed.</summary>
public sealed class ForgeTenantTests(ConnectWorld<ForgeTenantTests> world) : IClassFixture<ConnectWorld<ForgeTenantTests>>
{
    RequestCounts Counts => world.Sandbox.Services.GetRequiredService<RequestCounts>();

    [Fact]
    public async Task A_Forge_site_imports_five_thousand_users_with_no_CSM_credential_and_only_the_app_token()
    {
        var people = new DataSet { Users = 5_000, Companies = 25, Seed = 44 };
        world.Site("globex").People = people;
        var install = await world.ForgeInstallAsync("acme");
        // A cold first delivery may outlast Forge's 5 s on a loaded machine; Forge retries, and the app answers the retry.
        Assert.Equal(204, install.Attempts[^1]);
        var connection = await world.ConnectionFromJiraAsync("acme", "globex");
        Counts.Reset();

        var build = await world.BuildAsync("acme", connection.Id);
        var test = await world.WaitForRunAsync((await world.StartRunAsync("acme", connection.Id, RunKind.Test)).Run.Id);
        var full = await world.WaitForRunAsync((await world.StartRunAsync("acme", connection.Id, RunKind.Full)).Run.Id, TimeSpan.FromMinutes(3));

        Assert.Contains(build, l => l.Outcome == BuildOutcome.Created);
        Assert.Equal(RunStatus.Succeeded, test.Status);
        Assert.Equal(RunStatus.Succeeded, full.Status);
        var expected = people.Range(0, people.Users).Where(p => p.AccountType != "app" && p.Active && p.Email is not null).Select(p => p.Email!)
            .Append(world.Site("globex").Admin.Email).Append(world.Site("globex").Agent.Email).Order();
        Assert.Equal(expected, world.Site("acme").Csm.Customers().Select(c => c.Email).Order());
        var calls = Counts.Snapshot();
        Assert.True(calls.GetValueOrDefault("auth:acme Bearer") > 5_000, $"the app's token made the calls ({calls.GetValueOrDefault("auth:acme Bearer")})");
        Assert.Equal(0, calls.GetValueOrDefault("auth:acme JWT") + calls.GetValueOrDefault("auth:acme Basic"));
        Assert.False(await world.InTenantAsync("acme", services => services.GetRequiredService<Connector.Web.Platform.Database.ConnectorDb>().Set<CsmAccess>().AnyAsync()));
    }

    [Fact]
    public async Task The_hourly_trigger_hands_the_backend_a_fresh_token()
    {
        await world.ForgeInstallAsync("initech");
        var before = (await world.ForgeTenantAsync("initech"))!;

        var refresh = await world.ForgeRefreshAsync("initech", tokenLifetimeSeconds: 4 * 3600);

        var after = (await world.ForgeTenantAsync("initech"))!;
        Assert.Equal(204, refresh.Attempts[^1]);
        Assert.NotEqual(before.ForgeSystemTokenProtected, after.ForgeSystemTokenProtected);
        Assert.True(after.ForgeSystemTokenExpiresAt > before.ForgeSystemTokenExpiresAt);
    }

    [Fact]
    public async Task A_lapsed_token_fails_a_scheduled_run_saying_so_and_tells_the_admins()
    {
        world.Site("hooli").People = new DataSet { Users = 20, Seed = 4 };
        await world.ForgeInstallAsync("umbrella");
        var connection = await world.ConnectionFromJiraAsync("umbrella", "hooli", Destination.Customers);
        await world.BuildAsync("umbrella", connection.Id);
        await world.InTenantAsync("umbrella", async services =>
        {
            await services.GetRequiredService<NotifySettingsStore>().SaveAsync(new NotificationSettings { Emails = ["ops@umbrella.example"] }, default);
            return 0;
        });
        await world.ForgeRefreshAsync("umbrella", tokenLifetimeSeconds: 1);
        await Task.Delay(TimeSpan.FromSeconds(2));

        var run = await world.WaitForRunAsync(await world.InTenantAsync("umbrella", async services =>
        {
            var loaded = await services.GetRequiredService<ConnectionStore>().FindAsync(connection.Id, default);
            return (await services.GetRequiredService<ImportRuns>().StartAsync(loaded!, RunKind.Full, RunTrigger.Schedule, null, default)).Run.Id;
        }));

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("The app's access to your site lapsed", run.Message);
        Assert.Contains("open the app in Jira to renew it", run.Message);
        var mail = Assert.Single(await world.Mail.WaitForAsync($"The import of “{connection.Name}” failed"));
        Assert.Contains("ops@umbrella.example", mail.To);
    }

    [Fact]
    public async Task A_site_that_refuses_the_token_makes_the_tenant_dormant_until_Forge_invokes_the_app_again()
    {
        world.Site("acme").People = new DataSet { Users = 15, Seed = 9 };
        await world.ForgeInstallAsync("hooli");
        var connection = await world.ConnectionFromJiraAsync("hooli", "acme", Destination.Customers);
        await world.BuildAsync("hooli", connection.Id);
        await world.ForgeControlAsync("hooli", "revoke-tokens");

        var run = await world.WaitForRunAsync((await world.StartRunAsync("hooli", connection.Id, RunKind.Test)).Run.Id);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("no longer accepts the app's token", run.Message);
        var dormant = (await world.ForgeTenantAsync("hooli"))!;
        Assert.False(dormant.Installed);
        Assert.NotNull(dormant.UninstalledAt);

        await world.ForgeRefreshAsync("hooli");
        var revived = (await world.ForgeTenantAsync("hooli"))!;
        Assert.True(revived.Installed);
        Assert.Null(revived.UninstalledAt);
    }

    [Fact]
    public async Task A_site_with_a_Connect_install_that_names_its_Forge_installation_is_one_tenant()
    {
        await world.ForgeInstallAsync("globex");
        await world.InstallAsync("globex");
        await world.ForgeRefreshAsync("globex");
        await world.InstallAsync("globex"); // a second signed install (a secret rotation) changes nothing about that

        var tenants = await world.WithDbAsync(db => db.Set<Tenant>().AsNoTracking()
            .Where(t => t.ClientKey == world.Site("globex").ClientKey || t.ForgeInstallationId == world.Site("globex").Forge.InstallationId).ToListAsync());
        var tenant = Assert.Single(tenants);
        Assert.Equal(world.Site("globex").ClientKey, tenant.ClientKey);
        Assert.Equal(world.Site("globex").Forge.InstallationId, tenant.ForgeInstallationId);
        Assert.True(tenant.HasForgeAccess);
    }

    [Fact]
    public async Task The_shell_gets_a_session_for_an_admin_and_the_page_it_opens_may_be_framed_by_the_shell_and_the_site()
    {
        await world.ForgeInstallAsync("initech");

        var (status, session) = await world.ForgeInvokeAsync("initech", "/forge/session", new { page = "sources" });
        var (refusedStatus, refusal) = await world.ForgeInvokeAsync("initech", "/forge/session", new { page = "sources" }, world.Site("initech").Agent.AccountId);
        var (unknownStatus, _) = await world.ForgeInvokeAsync("initech", "/forge/session", new { page = "../operator" });

        Assert.Equal(HttpStatusCode.OK, status);
        var url = (string)session!["url"]!;
        Assert.StartsWith($"{world.AppUrl}/sources?jwt=", url);
        using var page = await world.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("External Sources", await page.Content.ReadAsStringAsync());
        var ancestors = page.Headers.GetValues("Content-Security-Policy").Single().Split("frame-ancestors ")[1];
        Assert.Contains(world.SandboxUrl.Replace("://127.0.0.1", "://localhost"), ancestors);
        Assert.Contains(world.SandboxUrl, ancestors); // the site's own page holds the shell
        Assert.Equal(HttpStatusCode.Forbidden, refusedStatus);
        Assert.Contains("Only Jira administrators", (string)refusal!["message"]!);
        Assert.Equal(HttpStatusCode.NotFound, unknownStatus);
    }

    [Fact]
    public async Task The_sandbox_delivers_a_trigger_the_remote_refuses_four_more_times_as_Forge_does()
    {
        var options = world.Sandbox.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Connector.Sandbox.SandboxOptions>>().Value;
        var route = options.ForgeLifecycleRoute;
        options.ForgeLifecycleRoute = "/forge/no-such-route";
        try
        {
            var delivery = await world.ForgeInstallAsync("acme");

            Assert.Equal(5, delivery.Attempts.Length);
            Assert.All(delivery.Attempts, status => Assert.True(status >= 400));
        }
        finally
        {
            options.ForgeLifecycleRoute = route;
        }
    }
}
