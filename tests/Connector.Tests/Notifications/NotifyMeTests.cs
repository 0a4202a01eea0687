using Connector.Sandbox.Data;
using Connector.Tests.Infrastructure;
using Connector.Web.Connections;
using Connector.Web.Csm;
using Connector.Web.Imports;
using Connector.Web.Notifications;
using Connector.Web.Platform.Database;
using Connector.Web.Platform.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tests.Notifications;

/// <summary>Notify Me: one email per incident and one when it clears, a banner until acknowledged.</summary>
public sealed class NotifyMeTests(ConnectWorld<NotifyMeTests> world) : IClassFixture<ConnectWorld<NotifyMeTests>>
{
    Task NotifyAsync(string site, params string[] emails) =>
        world.InTenantAsync(site, async services =>
        {
            await services.GetRequiredService<NotifySettingsStore>().SaveAsync(new NotificationSettings { Emails = [.. emails] }, default);
            return 0;
        });

    Task SetCsmTokenAsync(string site, string token) =>
        world.InTenantAsync(site, async services =>
        {
            var db = services.GetRequiredService<ConnectorDb>();
            var access = await db.Set<CsmAccess>().SingleAsync();
            access.TokenProtected = services.GetRequiredService<SecretProtector>().Protect(token);
            return await db.SaveChangesAsync();
        });

    [Fact]
    public async Task A_run_that_fails_five_times_sends_one_email_and_the_next_success_sends_one_recovery()
    {
        world.Site("globex").People = new DataSet { Users = 12, Seed = 6 };
        var connection = await world.ConnectionFromJiraAsync("acme", "globex", Destination.Customers);
        await world.BuildAsync("acme", connection.Id);
        await NotifyAsync("acme", "ops@acme.example", "lead@acme.example");
        await SetCsmTokenAsync("acme", "revoked-token");

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var failed = await world.WaitForRunAsync((await world.StartRunAsync("acme", connection.Id, RunKind.Full)).Run.Id);
            Assert.Equal(RunStatus.Failed, failed.Status);
        }
        var failureMail = Assert.Single(await world.Mail.WaitForAsync($"The import of “{connection.Name}” failed"));
        Assert.Equal("ops@acme.example, lead@acme.example", failureMail.To);
        Assert.Contains("The site refused our credentials.", failureMail.Text);
        Assert.Contains($"{world.Site("acme").BaseUrl}/plugins/servlet/ac/multisource-connector-csm/connections?ac.run=", failureMail.Text);
        Assert.Contains("<a href=", failureMail.Html);
        Assert.Contains("The site refused our credentials.", failureMail.Html);
        var alert = await world.WithDbAsync(db => db.Set<Alert>().IgnoreQueryFilters().SingleAsync(a => a.IncidentKey == $"run-failed:{connection.Id}"));
        Assert.Equal(5, alert.Occurrences);

        await SetCsmTokenAsync("acme", world.Site("acme").Admin.ApiToken);
        var succeeded = await world.WaitForRunAsync((await world.StartRunAsync("acme", connection.Id, RunKind.Full)).Run.Id);
        Assert.Equal(RunStatus.Succeeded, succeeded.Status);
        Assert.Single(await world.Mail.WaitForAsync($"Resolved: The import of “{connection.Name}” failed"));
        Assert.Single(world.Mail.WithSubject($"The import of “{connection.Name}” failed"), m => !m.Subject.Contains("Resolved:"));
    }

    [Fact]
    public async Task A_key_expiring_in_ten_days_sends_one_warning_and_shows_a_banner_until_acknowledged()
    {
        await NotifyAsync("umbrella", "admin@umbrella.example");
        var admin = await AppSession.OpenAsync(world, "umbrella");
        var expires = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)).ToString("yyyy-MM-dd");
        var form = new Dictionary<string, string> { ["Input.Name"] = "Soon expiring", ["Input.ApiKey"] = "org-key-umbrella", ["Input.ExpiresOn"] = expires };
        var (_, list) = await admin.PostAsync("/sources/edit?type=AtlassianOrganization", form);
        await world.App.Services.GetRequiredService<Connector.Web.Sources.SourceStatusRecheck>().RunOnceAsync();

        Assert.Single(await world.Mail.WaitForAsync($"The API key of “Soon expiring” expires on {expires}"));
        Assert.Contains("class=\"banner banner-warning\"", list);
        var alertId = await world.WithDbAsync(db => db.Set<Alert>().IgnoreQueryFilters().Where(a => a.Kind == AlertKind.Expiry).Select(a => a.Id).SingleAsync());

        var (_, afterAcknowledge) = await admin.PostAsync($"/alerts/{alertId}/acknowledge", new() { ["returnTo"] = "/sources" });

        Assert.DoesNotContain("class=\"banner", afterAcknowledge);
        Assert.Contains("<h1>External Sources</h1>", afterAcknowledge);
    }

    [Fact]
    public async Task Another_site_cannot_acknowledge_this_sites_alerts()
    {
        await NotifyAsync("initech", "x@initech.example");
        var alertId = await world.InTenantAsync("initech", async services =>
        {
            await services.GetRequiredService<Alerts>().RaiseAsync("test-incident", AlertKind.Credentials, "Initech only", "Body", null, default);
            return await services.GetRequiredService<ConnectorDb>().Set<Alert>().Select(a => a.Id).SingleAsync();
        });
        var stranger = await AppSession.OpenAsync(world, "globex");

        var (status, _) = await stranger.PostAsync($"/alerts/{alertId}/acknowledge", new() { ["returnTo"] = "/connections" });

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Null(await world.WithDbAsync(db => db.Set<Alert>().IgnoreQueryFilters().Where(a => a.Id == alertId).Select(a => a.AcknowledgedAt).SingleAsync()));
    }
}
