using Connector.Sandbox.Data;
using Connector.Sandbox.Faults;
using Connector.Tests.Infrastructure;
using Connector.Web.Connections;
using Connector.Web.Imports;
using Connector.Web.Platform.Database;
using Connector.Web.Platform.Secrets;
using Connector.Web.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tests.Sources;

/// <summary>The Microsoft Entra ID source against the sandbox's identity platform and Graph, and an import from it into CSM.</summary>
public sealed class EntraIdSourceTests(ConnectWorld<EntraIdSourceTests> world) : IClassFixture<ConnectWorld<EntraIdSourceTests>>, IDisposable
{
    readonly IServiceScope scope = world.App.Services.CreateScope();

    ISourceAdapter Entra => scope.ServiceProvider.GetRequiredService<SourceAdapters>().For(SourceType.EntraId);

    RequestCounts Counts => world.Sandbox.Services.GetRequiredService<RequestCounts>();

    public void Dispose() => scope.Dispose();

    SourceAccess Access(string site, string? clientId = null, string? secret = null, string? directoryId = null, string? groupId = null,
        bool includeInactive = false)
    {
        var directory = world.Site(site).Entra;
        return new(new SourceSettings
        {
            DirectoryId = directoryId ?? directory.DirectoryId, ClientId = clientId ?? directory.ClientId, GroupId = groupId,
            IncludeInactive = includeInactive,
        }, secret ?? directory.ClientSecret);
    }

    [Theory]
    [InlineData("good", null)]
    [InlineData("wrong secret", "did not accept this client secret")]
    [InlineData("expired secret", "The client secret has expired")]
    [InlineData("no permission", "Add the Microsoft Graph application permission User.Read.All")]
    [InlineData("unknown client", "no app registration with this application (client) ID")]
    [InlineData("unknown directory", "no directory with this directory (tenant) ID")]
    [InlineData("unknown group", "There is no group with the ID")]
    public async Task A_check_says_in_an_Entra_admins_words_what_is_wrong(string problem, string? reason)
    {
        var directory = world.Site("globex").Entra;
        var access = problem switch
        {
            "wrong secret" => Access("globex", secret: "not-the-secret"),
            "expired secret" => Access("globex", secret: directory.ExpiredClientSecret),
            "no permission" => Access("globex", clientId: directory.UnpermittedClientId),
            "unknown client" => Access("globex", clientId: Guid.NewGuid().ToString()),
            "unknown directory" => Access("globex", directoryId: Guid.NewGuid().ToString()),
            "unknown group" => Access("globex", groupId: Guid.NewGuid().ToString()),
            _ => Access("globex"),
        };

        var check = await Entra.CheckAsync(access, default);

        Assert.Equal(reason is null ? SourceStatus.Connected : SourceStatus.Error, check.Status);
        if (reason is not null) Assert.Contains(reason, check.Reason);
    }

    [Fact]
    public async Task Paging_follows_the_next_links_to_the_end_asks_only_for_the_mapped_properties_and_resumes_from_a_cursor()
    {
        world.Site("acme").People = new DataSet { Users = 250, Companies = 4, Seed = 5 };
        Counts.Reset();

        var pages = await ReadAllAsync(Access("acme"));

        var expected = world.Site("acme").People.Range(0, 250).Where(p => p.AccountType != "app" && p.Active).ToList();
        var records = pages.SelectMany(p => p.Records).ToList();
        Assert.Equal(expected.Count, records.Count);
        Assert.Equal(expected.Count, records.Select(r => r.SourceId).Distinct().Count());
        Assert.Equal(3, Counts["acme GET /graph/v1.0/users"]);
        Assert.Null(pages[^1].NextCursor);
        var ada = records.First(r => r.Values["mail"] == expected[0].Email);
        Assert.Equal((expected[0].Company, expected[0].Title, "true"), (ada.Values["companyName"], ada.Values["jobTitle"], ada.Values["accountEnabled"]));

        var resumed = await ReadAllAsync(Access("acme"), pages[0].NextCursor);
        Assert.Equal(records.Skip(pages[0].Records.Count).Select(r => r.SourceId), resumed.SelectMany(p => p.Records).Select(r => r.SourceId));
    }

    [Fact]
    public async Task A_group_reads_only_its_members_and_a_cursor_off_Graph_is_refused()
    {
        world.Site("initech").People = new DataSet { Users = 60, Companies = 2, Seed = 9 };
        var directory = world.Site("initech").Entra;

        var members = (await ReadAllAsync(Access("initech", groupId: directory.GroupId, includeInactive: true))).SelectMany(p => p.Records).ToList();

        var expected = world.Site("initech").People.Range(0, 60).Where(p => p.AccountType != "app" && p.Index % 3 == 0).ToList();
        Assert.Equal(expected.Count, members.Count);
        await Assert.ThrowsAsync<SourceReadException>(() => ReadAllAsync(Access("initech"), "https://attacker.example/v1.0/users"));
    }

    [Fact]
    public async Task A_429_storm_with_Retry_After_is_waited_out_and_a_lapsed_token_is_renewed_mid_read()
    {
        world.Site("umbrella").People = new DataSet { Users = 120, Companies = 2, Seed = 13 };
        await world.SetFaultsAsync("umbrella", new FaultSettings { PathPrefix = "/graph", FailNext = 3, FailStatus = 429, RetryAfterSeconds = 1 });
        try
        {
            var access = Access("umbrella");
            var records = new List<SourceRecord>();
            await foreach (var page in Entra.ReadAsync(access, null, 50, default))
            {
                records.AddRange(page.Records);
                world.Site("umbrella").Entra.ExpireTokens(); // an hour passes between pages
            }

            Assert.Equal(world.Site("umbrella").People.Range(0, 120).Count(p => p.AccountType != "app" && p.Active), records.Count);
            Assert.Equal(3, Counts["umbrella GET /graph/v1.0/users (failed)"]);
        }
        finally
        {
            await world.ClearFaultsAsync("umbrella");
        }
    }

    [Fact]
    public async Task A_Full_Import_from_Entra_ID_creates_customers_with_their_company_as_organization()
    {
        world.Site("hooli").People = new DataSet { Users = 40, Companies = 3, Seed = 21 };
        var connection = await world.InTenantAsync("acme", async services =>
        {
            var db = services.GetRequiredService<ConnectorDb>();
            var protector = services.GetRequiredService<SecretProtector>();
            var admin = world.Site("acme").Admin;
            db.Add(new Connector.Web.Csm.CsmAccess { Email = admin.Email, TokenProtected = protector.Protect(admin.ApiToken), Status = Connector.Web.Csm.CsmAccessStatus.Connected, UpdatedByName = admin.DisplayName });
            var access = Access("hooli");
            var source = new ExternalSource
            {
                Name = "Hooli staff", Type = SourceType.EntraId, Status = SourceStatus.Connected, Settings = access.Settings,
                SecretProtected = protector.Protect(access.Secret!), LastUpdatedByAccountId = admin.AccountId, LastUpdatedByName = admin.DisplayName,
            };
            var connection = new Connection
            {
                Name = "From Entra ID", SourceId = source.Id, Destination = Destination.CustomersAndOrganizations,
                Mapping = DefaultMappings.For(source, services.GetRequiredService<SourceAdapters>().For(SourceType.EntraId).Fields(source.Settings)),
            };
            db.AddRange(source, connection);
            await db.SaveChangesAsync();
            return connection;
        });
        await world.BuildAsync("acme", connection.Id);

        var run = await world.WaitForRunAsync((await world.StartRunAsync("acme", connection.Id, RunKind.Full)).Run.Id);

        var expected = world.Site("hooli").People.Range(0, 40).Where(p => p.AccountType != "app" && p.Active).ToList();
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(expected.Count, run.Created);
        var directory = world.Site("acme").Csm;
        // Without a mailbox (no mail), the address a user signs in with is the customer's email.
        Assert.Contains(directory.Customers(), c => c.Email == "user36@hooli.onmicrosoft.com");
        var ada = directory.Customers().Single(c => c.Email == expected[0].Email);
        Assert.Equal([expected[0].Title], ada.Details["Job title"]);
        Assert.Equal(directory.Organizations().Single(o => o.Name == expected[0].Company).Id, Assert.Single(ada.Organizations));
    }

    async Task<List<SourcePage>> ReadAllAsync(SourceAccess access, string? cursor = null)
    {
        var pages = new List<SourcePage>();
        await foreach (var page in Entra.ReadAsync(access, cursor, 100, default)) pages.Add(page);
        return pages;
    }
}
