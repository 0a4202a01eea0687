using Connector.Sandbox.Data;
using Connector.Tests.Infrastructure;
using Connector.Web.Imports;
using Connector.Web.Sources;

namespace Connector.Tests.Sources;

/// <summary>The HubSpot source against the sandbox's CRM API (objects, search, associations), and imports from it into CSM.</summary>
public sealed class HubSpotSourceTests(ConnectWorld<HubSpotSourceTests> world) : SourceTests<HubSpotSourceTests>(world, SourceType.HubSpot), IClassFixture<ConnectWorld<HubSpotSourceTests>>
{
    SourceAccess Access(string site, string? token = null) => new(new SourceSettings(), token ?? World.Site(site).HubSpot.AccessToken);

    [Theory]
    [InlineData("good", null)]
    [InlineData("wrong token", "HubSpot did not accept this access token")]
    [InlineData("expired token", "The HubSpot access token has expired")]
    [InlineData("missing scope", "Give it the scopes crm.objects.contacts.read and crm.objects.companies.read")]
    public async Task A_check_says_in_a_HubSpot_admins_words_what_is_wrong(string problem, string? reason)
    {
        var access = problem switch
        {
            "wrong token" => Access("globex", token: "pat-na1-globex-revoked"),
            "missing scope" => Access("globex", token: World.Site("globex").HubSpot.ContactsOnlyToken),
            "expired token" => Access("globex", token: World.Site("globex").HubSpot.ExpiredToken),
            _ => Access("globex"),
        };

        var check = await Adapter.CheckAsync(access, default);

        Assert.Equal(reason is null ? SourceStatus.Connected : SourceStatus.Error, check.Status);
        if (reason is not null) Assert.Contains(reason, check.Reason);
    }

    [Fact]
    public async Task Paging_follows_after_to_the_end_with_each_primary_company_and_resumes_from_a_cursor()
    {
        World.Site("acme").People = new DataSet { Users = 250, Companies = 4, Seed = 91 };
        Counts.Reset();

        var pages = await ReadAllAsync(Access("acme"));

        var expected = World.Site("acme").People.Range(0, 250).Where(p => p.AccountType != "app").ToList();
        var records = pages.SelectMany(p => p.Records).ToList();
        Assert.Equal(expected.Select(p => (1001 + p.Index).ToString()), records.Select(r => r.SourceId));
        Assert.Equal(3, Counts["acme GET /hubspot/crm/v3/objects/contacts"]);
        Assert.Equal(3, Counts["acme POST /hubspot/crm/v3/objects/companies/batch/read"]);
        Assert.Equal((expected[0].Email, expected[0].Company, expected[0].DisplayName), (records[0].Values["email"], records[0].Values["company.name"], records[0].Values["name"]));
        Assert.Null(records.Single(r => r.SourceId == "1041").Values["company.name"]);
        Assert.Equal(Adapter.Fields(new SourceSettings()).Select(f => f.Key).Order(), records[0].Values.Keys.Order());
        Assert.NotNull(pages[^1].ChangeToken);

        var resumed = await ReadAllAsync(Access("acme"), pages[0].NextCursor);
        Assert.Equal(records.Skip(pages[0].Records.Count).Select(r => r.SourceId), resumed.SelectMany(p => p.Records).Select(r => r.SourceId));
    }

    [Fact]
    public async Task More_than_the_search_APIs_10000_changes_are_read_whole_with_their_companies()
    {
        World.Site("initech").People = new DataSet { Users = 10_300, Companies = 5, Seed = 93, ChangeEvery = 1 };
        var token = (await ReadAllAsync(Access("initech")))[^1].ChangeToken!;
        World.Site("initech").People = World.Site("initech").People with { Revision = 1 };
        Counts.Reset();

        var changes = await ReadChangesAsync(Access("initech"), token);

        var expected = World.Site("initech").People.Range(0, 10_300).Where(p => p.AccountType != "app").ToList();
        var records = changes.SelectMany(p => p.Records).ToList();
        Assert.Equal(expected.Count, records.Select(r => r.SourceId).Distinct().Count());
        Assert.All(records, r => Assert.Contains("(rev 1)", r.Values["name"]));
        Assert.Equal(expected[0].Company, records.First(r => r.SourceId == "1001").Values["company.name"]);
        Assert.Equal(1, Counts["initech POST /hubspot/crm/v3/objects/contacts/search"]);
        Assert.Equal(101, Counts["initech GET /hubspot/crm/v3/objects/contacts"]);
        Assert.NotNull(changes[^1].ChangeToken);
    }

    [Fact]
    public async Task A_429_storm_is_waited_out()
    {
        World.Site("umbrella").People = new DataSet { Users = 120, Companies = 2, Seed = 95 };
        var records = await ReadThrough429sAsync("umbrella", "/hubspot", Access("umbrella"));

        Assert.Equal(World.Site("umbrella").People.Range(0, 120).Count(p => p.AccountType != "app"), records.Count);
        Assert.Equal(3, Counts["umbrella GET /hubspot/crm/v3/objects/contacts (failed)"]);
    }

    [Fact]
    public async Task A_Full_Import_makes_companies_organizations_and_the_next_reads_only_contacts_changed_since()
    {
        World.Site("hooli").People = new DataSet { Users = 70, Companies = 3, Seed = 97, ChangeEvery = 10 };
        var access = Access("hooli");
        var connection = await World.ConnectionFromSourceAsync("globex", SourceType.HubSpot, access.Settings, access.Secret!);
        await World.BuildAsync("globex", connection.Id);

        var first = await World.RunToEndAsync("globex", connection.Id, RunKind.Full);

        var people = World.Site("hooli").People.Range(0, 70).Where(p => p.AccountType != "app" && p.Email is not null).ToList();
        Assert.Equal((RunStatus.Succeeded, people.Count), (first.Status, first.Created));
        var directory = World.Site("globex").Csm;
        var organization = directory.Organizations().Single(o => o.Name == people[0].Company);
        Assert.Equal([$"company{people[0].Company[^3..]}.example"], organization.Details["Domain"]);
        Assert.Contains(organization.Id, directory.Customers().Single(c => c.Email == people[0].Email).Organizations);

        World.Site("hooli").People = World.Site("hooli").People with { Revision = 1 };
        Counts.Reset();
        var second = await World.RunToEndAsync("globex", connection.Id, RunKind.Full);

        var renamed = World.Site("hooli").People.Range(0, 70).Count(p => p.AccountType != "app" && p.Index % 10 == 0);
        Assert.Equal((RunStatus.Succeeded, true, renamed), (second.Status, second.ReadsChangesOnly, second.RecordsRead));
        Assert.Equal(0, Counts["hooli GET /hubspot/crm/v3/objects/contacts"]);
        Assert.Equal(1, Counts["hooli POST /hubspot/crm/v3/objects/contacts/search"]);
    }

}
