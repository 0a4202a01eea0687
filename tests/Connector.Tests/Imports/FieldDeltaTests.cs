using System.Text;
using Connector.Tests.Infrastructure;
using Connector.Web.Connections;
using Connector.Web.Csm;
using Connector.Web.Imports;
using Connector.Web.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tests.Imports;

/// <summary>Field-level delta writes: an update writes exactly the detail values that changed, and clears those that emptied.</summary>
public sealed class FieldDeltaTests(ConnectWorld<FieldDeltaTests> world) : IClassFixture<ConnectWorld<FieldDeltaTests>>
{
    Connector.Sandbox.Faults.RequestCounts Counts => world.Sandbox.Services.GetRequiredService<Connector.Sandbox.Faults.RequestCounts>();

    static byte[] Csv(params string[] rows) => Encoding.UTF8.GetBytes("Email,Name,Country,Title\n" + string.Join("\n", rows) + "\n");

    static readonly string[] Everyone = Enumerable.Range(1, 20).Select(i => $"person{i}@delta.example,Person {i},DE,{(i == 4 ? "" : "Engineer")}").ToArray();

    [Fact]
    public async Task An_update_writes_only_the_changed_detail_values_and_clears_emptied_ones()
    {
        var acme = world.Site("acme");
        var admin = await AppSession.OpenAsync(world, "acme");
        await admin.PostAsync("/settings", new() { ["Email"] = acme.Admin.Email, ["ApiToken"] = acme.Admin.ApiToken });
        await admin.PostAsync("/sources/edit?type=Csv", new() { ["Input.Name"] = "People" }, ("Input.File", "people.csv", Csv(Everyone)));
        var source = await world.WithDbAsync(db => db.Set<ExternalSource>().IgnoreQueryFilters().SingleAsync(s => s.Name == "People"));
        var connection = await world.InTenantAsync("acme", async services =>
        {
            var created = new Connection
            {
                Name = "People to CSM", SourceId = source.Id, Destination = Destination.Customers,
                Mapping = new FieldMapping
                {
                    CustomerEmail = "Email", CustomerName = "Name",
                    Details = [new(CsmEntity.Customer, "Country", CsmFieldType.TEXT, "Country"), new(CsmEntity.Customer, "Title", CsmFieldType.TEXT, "Title")],
                },
            };
            await services.GetRequiredService<ConnectionStore>().SaveAsync(created, default);
            return created;
        });
        await world.BuildAsync("acme", connection.Id);

        Counts.Reset();
        Assert.Equal(RunStatus.Succeeded, (await world.WaitForRunAsync((await world.StartRunAsync("acme", connection.Id, RunKind.Full)).Run.Id)).Status);
        Assert.Equal(20, Writes("Country"));
        Assert.Equal(19, Writes("Title")); // person 4 has no title: nothing to write on create

        // Person 1 moves country, person 2 loses the title, person 3 is renamed only, person 4 gets a title.
        var changed = Everyone.ToArray();
        changed[0] = "person1@delta.example,Person 1,FR,Engineer";
        changed[1] = "person2@delta.example,Person 2,DE,";
        changed[2] = "person3@delta.example,Person Three,DE,Engineer";
        changed[3] = "person4@delta.example,Person 4,DE,Manager";
        await admin.PostAsync($"/sources/edit/{source.Id}", new() { ["Input.Name"] = "People" }, ("Input.File", "people.csv", Csv(changed)));
        Counts.Reset();
        var delta = await world.WaitForRunAsync((await world.StartRunAsync("acme", connection.Id, RunKind.Full)).Run.Id);

        Assert.Equal(RunStatus.Succeeded, delta.Status);
        Assert.Equal(4, delta.Updated);
        Assert.Equal(1, Writes("Country"));
        Assert.Equal(2, Writes("Title"));
        var directory = acme.Csm.Customers().ToDictionary(c => c.Email);
        Assert.Equal(["FR"], directory["person1@delta.example"].Details["Country"]);
        Assert.False(directory["person2@delta.example"].Details.ContainsKey("Title"));
        Assert.Equal(["Manager"], directory["person4@delta.example"].Details["Title"]);
        Assert.Equal(["Engineer"], directory["person5@delta.example"].Details["Title"]);

        // Nothing changed: nothing written.
        Counts.Reset();
        await world.WaitForRunAsync((await world.StartRunAsync("acme", connection.Id, RunKind.Full)).Run.Id);
        Assert.Equal(0, Writes("Country") + Writes("Title"));
    }

    int Writes(string field) => Counts.Snapshot().Where(c => c.Key.StartsWith("field:acme PUT", StringComparison.Ordinal) && c.Key.EndsWith($" {field}", StringComparison.Ordinal)).Sum(c => c.Value);
}
