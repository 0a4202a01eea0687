using System.Text;
using Connector.Sandbox.Data;
using Connector.Sandbox.Faults;
using Connector.Tests.Infrastructure;
using Connector.Web.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tests.Sources;

/// <summary>Each source adapter against the sandbox: what a check says, and that paging reads every record once.</summary>
public sealed class SourceAdapterTests(ConnectWorld<SourceAdapterTests> world) : IClassFixture<ConnectWorld<SourceAdapterTests>>, IDisposable
{
    readonly IServiceScope scope = world.App.Services.CreateScope();

    ISourceAdapter Adapter(SourceType type) => scope.ServiceProvider.GetRequiredService<SourceAdapters>().For(type);

    public void Dispose() => scope.Dispose();

    SourceAccess Jira(string site, string? email = null, string? token = null, string? url = null)
    {
        var s = world.Site(site);
        return new(new SourceSettings { SiteUrl = url ?? s.BaseUrl, Email = email ?? s.Admin.Email }, token ?? s.Admin.ApiToken);
    }

    [Fact]
    public async Task A_jira_administrators_email_and_token_connect()
    {
        var check = await Adapter(SourceType.JiraCloud).CheckAsync(Jira("globex"), default);
        Assert.Equal(SourceStatus.Connected, check.Status);
    }

    [Theory]
    [InlineData("wrong token", "did not accept this email and API token")]
    [InlineData("not an admin", "is not a Jira administrator of 127.0.0.1")]
    [InlineData("unreachable", "did not answer")]
    [InlineData("not a URL", "must be a full address")]
    public async Task A_jira_source_that_cannot_be_used_says_why_in_an_admins_words(string problem, string reason)
    {
        var agent = world.Site("globex").Agent;
        var access = problem switch
        {
            "wrong token" => Jira("globex", token: "ATATT-not-the-token"),
            "not an admin" => Jira("globex", email: agent.Email, token: agent.ApiToken),
            "unreachable" => Jira("globex", url: $"http://127.0.0.1:{FreePort.Next()}"),
            _ => Jira("globex", url: "globex.atlassian.net"),
        };

        var check = await Adapter(SourceType.JiraCloud).CheckAsync(access, default);

        Assert.Equal(SourceStatus.Error, check.Status);
        Assert.Contains(reason, check.Reason);
    }

    [Fact]
    public async Task A_rate_limit_storm_ends_the_check_quickly_with_a_try_later_reason()
    {
        await world.SetFaultsAsync("initech", new FaultSettings { FailNext = 1000, FailStatus = 429, RetryAfterSeconds = 1 });
        try
        {
            var check = await Adapter(SourceType.JiraCloud).CheckAsync(Jira("initech"), default);

            Assert.Equal(SourceStatus.Error, check.Status);
            Assert.Contains("limiting how often we may call it", check.Reason);
        }
        finally
        {
            await world.ClearFaultsAsync("initech");
        }
    }

    [Fact]
    public async Task Reading_a_jira_site_of_thousands_returns_each_active_person_once_and_no_app_accounts()
    {
        var people = new DataSet { Users = 3_000, Companies = 40, Seed = 7 };
        world.Site("umbrella").People = people;

        var records = await ReadAllAsync(Adapter(SourceType.JiraCloud), Jira("umbrella"), pageSize: 200);

        var expected = people.Range(0, people.Users).Where(p => p.AccountType != "app" && p.Active).Select(p => p.AccountId)
            .Concat(world.Site("umbrella").Users.Select(u => u.AccountId)).Order().ToList();
        Assert.Equal(expected, records.Select(r => r.SourceId).Order().ToList());
    }

    [Fact]
    public async Task An_organization_key_connects_and_learns_the_organization()
    {
        var site = world.Site("globex");

        var check = await Adapter(SourceType.AtlassianOrganization).CheckAsync(
            new SourceAccess(new SourceSettings(), site.OrgApiKeys.Keys.First(k => k.StartsWith("org-key"))), default);

        Assert.Equal(SourceStatus.Connected, check.Status);
        Assert.Equal(site.OrganizationId, check.LearnedSettings!.OrganizationId);
        Assert.Equal("Globex Org", check.LearnedSettings.OrganizationName);
    }

    [Fact]
    public async Task An_expired_organization_key_is_refused_with_a_reason_to_create_a_new_one()
    {
        var check = await Adapter(SourceType.AtlassianOrganization).CheckAsync(
            new SourceAccess(new SourceSettings(), "expired-org-key-globex"), default);

        Assert.Equal(SourceStatus.Error, check.Status);
        Assert.Contains("did not accept this API key (it may have expired or been revoked)", check.Reason);
    }

    [Fact]
    public async Task Reading_an_organization_follows_its_opaque_cursors_and_returns_each_active_account_once()
    {
        var people = new DataSet { Users = 2_500, Seed = 3 };
        var site = world.Site("acme");
        site.People = people;
        var settings = new SourceSettings { OrganizationId = site.OrganizationId };

        var records = await ReadAllAsync(Adapter(SourceType.AtlassianOrganization), new SourceAccess(settings, "org-key-acme"), pageSize: 100);

        var expected = people.Range(0, people.Users).Where(p => p.AccountType == "atlassian" && p.Active).Select(p => p.AccountId).Order().ToList();
        Assert.Equal(expected, records.Select(r => r.SourceId).Order().ToList());
    }

    [Fact]
    public async Task A_messy_csv_is_understood_and_its_bad_rows_are_reported_by_line()
    {
        // A BOM, semicolons, a quoted line break, no email column and every tenth row short of a value.
        var csv = new StringBuilder("\uFEFFCompany;Country;Notes\r\n");
        for (var i = 1; i <= 200; i++)
            csv.Append(i % 10 == 0 ? $"Broken {i};DE\r\n" : $"Company {i};DE;\"first line\nsecond; line\"\r\n");
        await world.InTenantAsync("acme", async services =>
        {
            var fileId = await services.GetRequiredService<SourceFileStore>()
                .SaveAsync("companies.csv", new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), 1_000_000, default);
            await ReadsTheMessyCsvAsync(services.GetRequiredService<SourceAdapters>().For(SourceType.Csv), fileId);
            return true;
        });
    }

    static async Task ReadsTheMessyCsvAsync(ISourceAdapter csvSource, Guid fileId)
    {
        var check = await csvSource.CheckAsync(new SourceAccess(new SourceSettings { FileId = fileId }, null), default);

        Assert.Equal(SourceStatus.Connected, check.Status);
        Assert.Equal(["Company", "Country", "Notes"], check.LearnedSettings!.Headers);
        Assert.Equal(";", check.LearnedSettings.Delimiter);
        Assert.Equal(200, check.LearnedSettings.RowCount);
        Assert.Equal(20, check.LearnedSettings.BadRowCount);
        Assert.Contains("20 cannot be read", check.Reason);
        Assert.Contains("no email column", check.Reason);

        var pages = new List<SourcePage>();
        await foreach (var page in csvSource.ReadAsync(new SourceAccess(check.LearnedSettings, null), null, 50, default)) pages.Add(page);
        var records = pages.SelectMany(p => p.Records).ToList();
        Assert.Equal(180, records.Count);
        Assert.Equal("first line\nsecond; line", records[0].Values["Notes"]);
        // Rows 1-9 span two lines each (a quoted line break), so the first short row starts on line 20.
        var firstProblem = pages.SelectMany(p => p.Problems).First();
        Assert.Equal(("line 20", "2 values where the header has 3"), (firstProblem.Where, firstProblem.Problem)); // the line is said once, as its key

        // Resuming from a page's cursor continues exactly where that page ended.
        var resumed = new List<SourceRecord>();
        await foreach (var page in csvSource.ReadAsync(new SourceAccess(check.LearnedSettings, null), pages[1].NextCursor, 50, default))
            resumed.AddRange(page.Records);
        Assert.Equal(records.Skip(pages[0].Records.Count + pages[1].Records.Count).Select(r => r.SourceId), resumed.Select(r => r.SourceId));
    }

    static async Task<List<SourceRecord>> ReadAllAsync(ISourceAdapter adapter, SourceAccess access, int pageSize)
    {
        var records = new List<SourceRecord>();
        await foreach (var page in adapter.ReadAsync(access, null, pageSize, default)) records.AddRange(page.Records);
        return records;
    }

}
