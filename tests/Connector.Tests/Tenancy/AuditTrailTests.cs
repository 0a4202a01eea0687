using System.Net;
using Connector.Sandbox.Faults;
using Connector.Tests.Infrastructure;
using Connector.Web.Connections;
using Connector.Web.Imports;
using Connector.Web.Notifications;
using Connector.Web.Sources;
using Connector.Web.Tenancy.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tests.Tenancy;

/// <summary>The audit trail: every admin action through the real pages, who did it, what changed, never a secret.</summary>
public sealed class AuditTrailTests(ConnectWorld<AuditTrailTests> world) : IClassFixture<ConnectWorld<AuditTrailTests>>
{
    [Fact]
    public async Task Every_admin_action_is_recorded_with_who_and_what_changed_filterable_exportable_and_never_a_secret()
    {
        var (initech, globex) = (world.Site("initech"), world.Site("globex"));
        var admin = await AppSession.OpenAsync(world, "initech");

        await admin.PostAsync("/settings", new() { ["Email"] = initech.Admin.Email, ["ApiToken"] = initech.Admin.ApiToken });
        await admin.PostAsync("/settings?handler=notify", new() { ["Notify.Emails"] = "ops@initech.example", ["Notify.OnRunFailed"] = "true" });
        await admin.PostAsync("/sources/edit?type=JiraCloud", new()
        {
            ["Input.Name"] = "Globex people", ["Input.SiteUrl"] = globex.BaseUrl, ["Input.Email"] = globex.Admin.Email, ["Input.ApiToken"] = globex.Admin.ApiToken,
        });
        var sourceId = await world.WithDbAsync(db => db.Set<ExternalSource>().IgnoreQueryFilters().Where(s => s.Name == "Globex people").Select(s => s.Id).SingleAsync());
        await admin.PostAsync($"/sources/edit/{sourceId}", new()
        {
            ["Input.Name"] = "Globex staff", ["Input.SiteUrl"] = globex.BaseUrl, ["Input.Email"] = globex.Admin.Email, ["Input.ApiToken"] = "",
        });
        var connectionForm = new Dictionary<string, string>
        {
            ["Input.Name"] = "Staff", ["Input.SourceId"] = sourceId.ToString(), ["Input.Destination"] = "Customers", ["Input.Schedule"] = "None",
            ["Input.Deactivation"] = "Ignore", ["Input.CustomerEmail"] = "emailAddress", ["Input.CustomerName"] = "displayName",
            ["Input.Details[0].Entity"] = "Customer", ["Input.Details[0].Field"] = "Locale", ["Input.Details[0].Type"] = "TEXT", ["Input.Details[0].Source"] = "locale",
        };
        await admin.PostAsync("/connections/edit", connectionForm);
        var connectionId = await world.WithDbAsync(db => db.Set<Connection>().IgnoreQueryFilters().Where(c => c.Name == "Staff").Select(c => c.Id).SingleAsync());
        connectionForm.Remove("Input.Details[0].Field");
        connectionForm.Remove("Input.Details[0].Source");
        (connectionForm["Input.Schedule"], connectionForm["Input.ScheduleTime"]) = ("Daily", "02:00");
        await admin.PostAsync($"/connections/edit/{connectionId}", connectionForm);

        // A Full Import slowed by the source, cancelled while it reads.
        await world.SetFaultsAsync("globex", new FaultSettings { LatencyMs = 1500 });
        await admin.PostAsync($"/connections/{connectionId}/run?kind=Full", []);
        var runId = await world.WithDbAsync(db => db.Set<ImportRun>().IgnoreQueryFilters().Where(r => r.ConnectionId == connectionId).Select(r => r.Id).SingleAsync());
        await admin.PostAsync($"/runs/{runId}?handler=cancel", []);
        Assert.Equal(RunStatus.Cancelled, (await world.WaitForRunAsync(runId)).Status);
        await world.ClearFaultsAsync("globex");

        var alertId = await world.InTenantAsync("initech", async services =>
        {
            await services.GetRequiredService<Alerts>().RaiseAsync("test-alert", AlertKind.Credentials, "Globex staff stopped working", "The key was revoked.", null, default);
            return await services.GetRequiredService<Connector.Web.Platform.Database.ConnectorDb>().Set<Alert>().Select(a => a.Id).SingleAsync();
        });
        await admin.PostAsync($"/alerts/{alertId}/acknowledge", new() { ["returnTo"] = "/audit" });
        using (var edition = new HttpRequestMessage(HttpMethod.Put, $"{world.AppUrl}/operator/tenants/{initech.ClientKey}/edition") { Content = JsonContent.Create(new { edition = "advanced" }) })
        {
            edition.Headers.Add("X-Operator-Key", ConnectWorld<AuditTrailTests>.OperatorKey);
            Assert.Equal(HttpStatusCode.NoContent, (await world.Http.SendAsync(edition)).StatusCode);
        }
        await admin.PostAsync($"/connections/delete/{connectionId}", []);
        await admin.PostAsync($"/sources/delete/{sourceId}", []);

        var (status, html) = await admin.GetAsync("/audit");
        var page = WebUtility.HtmlDecode(html);
        Assert.Equal(HttpStatusCode.OK, status);
        string[] expectedInOrder =
        [
            "Deleted a source", "Deleted a connection", "Changed the edition", "Acknowledged an alert", "Cancelled a run", "Started a run",
            "Edited a connection", "Added a connection", "Edited a source", "Added a source", "Changed Notify Me", "Changed the customer directory access",
        ];
        var positions = expectedInOrder.Select(action => page.IndexOf($">{action}<", StringComparison.Ordinal)).ToList();
        Assert.All(positions, position => Assert.True(position > 0));
        Assert.Equal(positions.Order(), positions);
        Assert.Contains($"{initech.Admin.DisplayName}</td>", page);
        Assert.Contains("MultiSource Connector (operator)</td>", page);
        Assert.Contains("Name: Globex people → Globex staff", page);
        Assert.Contains("API token: replaced", page);
        Assert.Contains("Schedule: None → Daily at 02:00", page);
        Assert.Contains("Customer detail “Locale”: TEXT from locale (removed)", page);
        Assert.Contains("Edition: Standard → Advanced", page);
        Assert.Contains("Emails: ops@initech.example", page);
        Assert.Contains("Kind: Full Import", page);
        Assert.DoesNotContain(globex.Admin.ApiToken, html);
        Assert.DoesNotContain(initech.Admin.ApiToken, html);

        var (_, sourcesOnly) = await admin.GetAsync("/audit?area=Sources");
        Assert.Equal(3, CountRows(sourcesOnly));
        var (_, operatorOnly) = await admin.GetAsync("/audit?who=operator");
        Assert.Equal(1, CountRows(operatorOnly));
        var (_, byName) = await admin.GetAsync("/audit?q=staff");
        Assert.DoesNotContain(">Changed the edition<", byName);
        Assert.Contains(">Deleted a connection<", byName);

        var (_, export) = await admin.GetAsync("/audit?handler=export&area=Runs");
        var lines = export.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Time (", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains($"\"{initech.Admin.DisplayName}\",\"{initech.Admin.AccountId}\",\"Cancelled a run\",\"Staff\",\"Kind: Full Import\"", lines[1]);
        Assert.DoesNotContain(globex.Admin.ApiToken, (await admin.GetAsync("/audit?handler=export")).Html);

        // Another site's admins see none of it.
        var other = await AppSession.OpenAsync(world, "umbrella");
        var (_, theirs) = await other.GetAsync("/audit");
        Assert.Contains("Nothing has been changed yet.", theirs);
        Assert.Equal(0, await world.InTenantAsync("umbrella", services =>
            services.GetRequiredService<Connector.Web.Platform.Database.ConnectorDb>().Set<AuditEntry>().CountAsync()));
    }

    static int CountRows(string html) => System.Text.RegularExpressions.Regex.Matches(html, "<td class=\"nowrap\" data-label=\"When\">").Count;
}
