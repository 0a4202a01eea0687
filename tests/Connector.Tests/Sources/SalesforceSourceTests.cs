using Connector.Sandbox.Data;
using Connector.Sandbox.Faults;
using Connector.Tests.Infrastructure;
using Connector.Web.Imports;
using Connector.Web.Sources;

namespace Connector.Tests.Sources;

/// <summary>The Salesforce source against the sandbox's org (OAuth client credentials, SOQL query, limits), and imports from it into CSM.</summary>
public sealed class SalesforceSourceTests(ConnectWorld<SalesforceSourceTests> world) : SourceTests<SalesforceSourceTests>(world, SourceType.Salesforce), IClassFixture<ConnectWorld<SalesforceSourceTests>>
{
    const string Query = "/salesforce/{siteName}/services/data/v62.0/query";

    SourceAccess Access(string site, string? clientId = null, string? secret = null)
    {
        var org = World.Site(site).Salesforce;
        return new(new SourceSettings { SiteUrl = $"{World.SandboxUrl}/salesforce/{site}", ClientId = clientId ?? org.ClientId }, secret ?? org.ClientSecret);
    }

    [Theory]
    [InlineData("good", "API requests left in the last 24 hours:")]
    [InlineData("wrong secret", "did not accept this consumer secret")]
    [InlineData("unknown consumer key", "no connected app with this consumer key")]
    [InlineData("flow not enabled", "does not allow the client credentials flow")]
    [InlineData("no permission", "may not read Contacts and Accounts")]
    public async Task A_check_says_in_a_Salesforce_admins_words_what_is_wrong_and_reports_the_API_requests_left(string problem, string reason)
    {
        var org = World.Site("globex").Salesforce;
        var access = problem switch
        {
            "wrong secret" => Access("globex", secret: "not-the-secret"),
            "unknown consumer key" => Access("globex", clientId: "3MVG9unknown"),
            "flow not enabled" => Access("globex", clientId: org.FlowDisabledClientId),
            "no permission" => Access("globex", clientId: org.UnpermittedClientId),
            _ => Access("globex"),
        };

        var check = await Adapter.CheckAsync(access, default);

        Assert.Equal(problem == "good" ? SourceStatus.Connected : SourceStatus.Error, check.Status);
        Assert.Contains(reason, check.Reason);
    }

    [Fact]
    public async Task Paging_follows_nextRecordsUrl_to_the_end_with_each_Account_and_resumes_from_a_cursor()
    {
        World.Site("acme").People = new DataSet { Users = 4500, Companies = 6, Seed = 81 };
        Counts.Reset();

        var pages = await ReadAllAsync(Access("acme"));

        var expected = World.Site("acme").People.Range(0, 4500).Where(p => p.AccountType != "app").ToList();
        var records = pages.SelectMany(p => p.Records).ToList();
        Assert.Equal(expected.Count, records.Count);
        Assert.Equal(3, pages.Count);
        Assert.Equal(1, Counts[$"acme GET {Query}"]);
        Assert.Equal(2, Counts[$"acme GET {Query}/{{locator}}"]);
        Assert.Equal((expected[0].Email, expected[0].Company), (records[0].Values["Email"], records[0].Values["Account.Name"]));
        Assert.Null(records.Single(r => r.SourceId == "003SB0000000000040").Values["Account.Name"]);
        Assert.Equal(Adapter.Fields(new SourceSettings()).Select(f => f.Key).Order(), records[0].Values.Keys.Order());
        Assert.All(pages[..^1], page => Assert.Null(page.ChangeToken));
        Assert.NotNull(pages[^1].ChangeToken);

        var resumed = await ReadAllAsync(Access("acme"), pages[0].NextCursor);
        Assert.Equal(records.Skip(pages[0].Records.Count).Select(r => r.SourceId), resumed.SelectMany(p => p.Records).Select(r => r.SourceId));
    }

    [Fact]
    public async Task A_lapsed_session_is_renewed_and_a_429_storm_is_waited_out()
    {
        World.Site("umbrella").People = new DataSet { Users = 4100, Companies = 2, Seed = 83 };
        await World.SetFaultsAsync("umbrella", new FaultSettings { PathPrefix = "/salesforce/umbrella/services/data", FailNext = 3, FailStatus = 429, RetryAfterSeconds = 1 });
        try
        {
            var records = new List<SourceRecord>();
            await foreach (var page in Adapter.ReadAsync(Access("umbrella"), null, 100, default))
            {
                records.AddRange(page.Records);
                World.Site("umbrella").Salesforce.ExpireSessions();
            }

            Assert.Equal(World.Site("umbrella").People.Range(0, 4100).Count(p => p.AccountType != "app"), records.Count);
            Assert.Equal(3, Counts[$"umbrella GET {Query} (failed)"]);
        }
        finally
        {
            await World.ClearFaultsAsync("umbrella");
        }
    }

    [Fact]
    public async Task A_Full_Import_makes_Accounts_organizations_and_the_next_reads_only_contacts_changed_since()
    {
        World.Site("hooli").People = new DataSet { Users = 90, Companies = 3, Seed = 85, ChangeEvery = 20 };
        var access = Access("hooli");
        var connection = await World.ConnectionFromSourceAsync("initech", SourceType.Salesforce, access.Settings, access.Secret!);
        await World.BuildAsync("initech", connection.Id);

        var first = await World.RunToEndAsync("initech", connection.Id, RunKind.Full);

        var people = World.Site("hooli").People.Range(0, 90).Where(p => p.AccountType != "app" && p.Email is not null).ToList();
        Assert.Equal((RunStatus.Succeeded, people.Count), (first.Status, first.Created));
        var directory = World.Site("initech").Csm;
        var organization = directory.Organizations().Single(o => o.Name == people[0].Company);
        Assert.Equal(["https://company" + people[0].Company[^3..] + ".example"], organization.Details["Website"]);
        Assert.Contains(organization.Id, directory.Customers().Single(c => c.Email == people[0].Email).Organizations);

        World.Site("hooli").People = World.Site("hooli").People with { Revision = 1 };
        Counts.Reset();
        var second = await World.RunToEndAsync("initech", connection.Id, RunKind.Full);

        var renamed = World.Site("hooli").People.Range(0, 90).Count(p => p.AccountType != "app" && p.Index % 20 == 0);
        Assert.Equal((RunStatus.Succeeded, true, renamed), (second.Status, second.ReadsChangesOnly, second.RecordsRead));
        Assert.Equal(1, Counts[$"hooli GET {Query}"]);
    }

}
