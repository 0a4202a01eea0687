using System.Net;
using System.Text;
using Connector.Tests.Infrastructure;
using Connector.Web.Connections;
using Connector.Web.Csm;
using Connector.Web.Imports;
using Connector.Web.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tests.Imports;

/// <summary>Preview changes: the whole source against what the connection wrote, each change shown, nothing written.</summary>
public sealed class PreviewChangesTests(ConnectWorld<PreviewChangesTests> world) : IClassFixture<ConnectWorld<PreviewChangesTests>>
{
    Connector.Sandbox.Faults.RequestCounts Counts => world.Sandbox.Services.GetRequiredService<Connector.Sandbox.Faults.RequestCounts>();

    static byte[] Csv(IEnumerable<string> rows) => Encoding.UTF8.GetBytes("Email,Name,Company,Country,Title\n" + string.Join("\n", rows) + "\n");

    static string Row(int i, string company = "Acme", string country = "DE", string title = "Engineer") => $"p{i}@preview.example,Person {i},{company},{country},{title}";

    [Fact]
    public async Task A_preview_writes_nothing_shows_every_change_and_counts_what_the_next_Full_Import_does()
    {
        var acme = world.Site("acme");
        var admin = await AppSession.OpenAsync(world, "acme");
        await admin.PostAsync("/settings", new() { ["Email"] = acme.Admin.Email, ["ApiToken"] = acme.Admin.ApiToken });
        await admin.PostAsync("/sources/edit?type=Csv", new() { ["Input.Name"] = "People" }, ("Input.File", "people.csv", Csv(Enumerable.Range(1, 20).Select(i => Row(i)))));
        var source = await world.WithDbAsync(db => db.Set<ExternalSource>().IgnoreQueryFilters().SingleAsync(s => s.Name == "People"));
        var connection = await world.InTenantAsync("acme", async services =>
        {
            var created = new Connection
            {
                Name = "People with companies", SourceId = source.Id, Destination = Destination.CustomersAndOrganizations, DeactivationPolicy = DeactivationPolicy.MarkInactive,
                Mapping = new FieldMapping
                {
                    CustomerEmail = "Email", CustomerName = "Name", OrganizationName = "Company",
                    Details = [new(CsmEntity.Customer, "Country", CsmFieldType.TEXT, "Country"), new(CsmEntity.Customer, "Title", CsmFieldType.TEXT, "Title")],
                },
            };
            await services.GetRequiredService<ConnectionStore>().SaveAsync(created, default);
            return created;
        });
        await world.BuildAsync("acme", connection.Id);
        await world.WaitForRunAsync((await world.StartRunAsync("acme", connection.Id, RunKind.Full)).Run.Id);

        // One moves country, one loses a title, one joins another company, two leave, two arrive: one of them an agent
        // already added to the directory, which the Full Import links rather than creates.
        acme.Csm.CreateCustomer("p22@preview.example", "Person 22", out _);
        var rows = Enumerable.Range(1, 18).Select(i => i switch { 1 => Row(1, country: "FR"), 2 => Row(2, title: ""), 3 => Row(3, company: "Beta"), _ => Row(i) })
            .Concat([Row(21), Row(22)]);
        await admin.PostAsync($"/sources/edit/{source.Id}", new() { ["Input.Name"] = "People" }, ("Input.File", "people.csv", Csv(rows)));
        var (_, previewPage) = await admin.GetAsync($"/connections/{connection.Id}/preview");
        Assert.Contains("Preview every change", previewPage);

        Counts.Reset();
        await admin.PostAsync($"/connections/{connection.Id}/run?kind=Preview", []);
        var previewId = await world.WithDbAsync(db => db.Set<ImportRun>().IgnoreQueryFilters()
            .Where(r => r.ConnectionId == connection.Id && r.Kind == RunKind.Preview).Select(r => r.Id).SingleAsync());
        var preview = await world.WaitForRunAsync(previewId);

        Assert.Equal(RunStatus.Succeeded, preview.Status);
        Assert.DoesNotContain(Counts.Snapshot(), c => c.Key.StartsWith("acme POST") || c.Key.StartsWith("acme PUT") || c.Key.StartsWith("acme DELETE"));
        Assert.Equal((1, 4, 15), (preview.Created, preview.Updated, preview.Unchanged));
        Assert.Equal("Preview, nothing written: 1 would be created, 4 updated (2 joining another organization), 15 unchanged, 0 skipped, 0 would fail; 2 would be marked Inactive.",
            preview.Message);
        var log = (await world.WithDbAsync(db => db.Set<ImportEvent>().IgnoreQueryFilters().Where(e => e.RunId == previewId).ToListAsync()))
            .ToDictionary(e => e.RecordKey ?? "", e => e.Message);
        Assert.Equal("Would change: Country: DE → FR.", log["p1@preview.example"]);
        Assert.Equal("Would change: Title: Engineer → (cleared).", log["p2@preview.example"]);
        Assert.Equal("Would change: Added to organization Beta (now in Acme).", log["p3@preview.example"]);
        Assert.Equal("Would be created: name Person 21; Country DE; Title Engineer; organization Acme.", log["p21@preview.example"]);
        Assert.Equal("Already in the directory, would be linked to this connection: Country: (empty) → DE; Title: (empty) → Engineer; Added to organization Acme (now in none).",
            log["p22@preview.example"]);
        Assert.Equal("Would be marked Inactive: no longer in the source.", log["p19@preview.example"]);
        Assert.Contains("p20@preview.example", log.Keys);
        Assert.DoesNotContain(acme.Csm.Customers(), c => c.Email == "p21@preview.example");
        Assert.Empty(acme.Csm.Customers().Single(c => c.Email == "p22@preview.example").Details);
        Assert.Equal(0, await world.WithDbAsync(db => db.Set<ImportedRecord>().IgnoreQueryFilters().CountAsync(r => r.LastSeenRunId == previewId)));

        // The Full Import that follows does what the preview said.
        var full = await world.WaitForRunAsync((await world.StartRunAsync("acme", connection.Id, RunKind.Full)).Run.Id);
        Assert.Equal((preview.Created, preview.Updated, preview.Unchanged), (full.Created, full.Updated, full.Unchanged));
        Assert.Equal(2, await world.WithDbAsync(db => db.Set<ImportEvent>().IgnoreQueryFilters().CountAsync(e => e.RunId == full.Id && e.Kind == EventKind.Deactivated)));
        var (status, runPage) = await admin.GetAsync($"/runs/{previewId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Preview changes of People with companies", WebUtility.HtmlDecode(runPage));
        var (_, export) = await admin.GetAsync($"/runs/{previewId}/changes.csv");
        var lines = export.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Change,Record,What would happen", lines[0]);
        Assert.Equal(1 + 1 + 4 + 2, lines.Length);
        Assert.Contains("Update,\"p1@preview.example\",\"Would change: Country: DE → FR.\"", lines);
        Assert.Contains("Deactivate,\"p19@preview.example\",\"Would be marked Inactive: no longer in the source.\"", lines);
    }
}
