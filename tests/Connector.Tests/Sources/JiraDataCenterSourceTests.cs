using Connector.Sandbox.Data;
using Connector.Tests.Infrastructure;
using Connector.Web.Imports;
using Connector.Web.Sources;

namespace Connector.Tests.Sources;

/// <summary>The Jira Data Center source against the sandbox's Data Center REST API v2, and an import from it into CSM.</summary>
public sealed class JiraDataCenterSourceTests(ConnectWorld<JiraDataCenterSourceTests> world) : SourceTests<JiraDataCenterSourceTests>(world, SourceType.JiraDataCenter), IClassFixture<ConnectWorld<JiraDataCenterSourceTests>>
{
    SourceAccess Access(string site, string? token = null, string group = "jira-software-users", string? baseUrl = null, bool includeInactive = false) =>
        new(new SourceSettings { SiteUrl = baseUrl ?? $"{World.SandboxUrl}/dc/{site}", GroupName = group, IncludeInactive = includeInactive },
            token ?? World.Site(site).DataCenter.AdminToken);

    [Theory]
    [InlineData("good", null)]
    [InlineData("wrong token", "did not accept this personal access token: it is wrong, expired or revoked")]
    [InlineData("expired token", "did not accept this personal access token: it is wrong, expired or revoked")]
    [InlineData("no permission", "may not list group members")]
    [InlineData("unknown group", "There is no group named staff on this site")]
    [InlineData("private address", "10.1.2.3 is on a private or local network, which MultiSource Connector does not call.")]
    public async Task A_check_says_in_a_Jira_admins_words_what_is_wrong(string problem, string? reason)
    {
        var site = World.Site("globex").DataCenter;
        var access = problem switch
        {
            "wrong token" => Access("globex", token: "not-a-token"),
            "expired token" => Access("globex", token: site.ExpiredToken),
            "no permission" => Access("globex", token: site.UserToken),
            "unknown group" => Access("globex", group: "staff"),
            "private address" => Access("globex", baseUrl: "http://10.1.2.3/jira"),
            _ => Access("globex"),
        };

        var check = await Adapter.CheckAsync(access, default);

        Assert.Equal(reason is null ? SourceStatus.Connected : SourceStatus.Error, check.Status);
        if (reason is null) Assert.StartsWith("The group jira-software-users has", check.Reason);
        else Assert.Contains(reason, check.Reason);
    }

    [Fact]
    public async Task Paging_reads_every_member_by_key_to_the_last_page_and_resumes_from_a_cursor()
    {
        World.Site("acme").People = new DataSet { Users = 130, Companies = 3, Seed = 71 };
        Counts.Reset();

        var pages = await ReadAllAsync(Access("acme", includeInactive: true));

        var expected = World.Site("acme").People.Range(0, 130).Where(p => p.AccountType != "app").ToList();
        var records = pages.SelectMany(p => p.Records).ToList();
        Assert.Equal(expected.Count, records.Count);
        Assert.Equal(expected.Select(p => $"JIRAUSER{10100 + p.Index}"), records.Select(r => r.SourceId));
        Assert.Equal(3, Counts["acme GET /dc/{siteName}/rest/api/2/group/member"]);
        Assert.Null(pages[^1].NextCursor);
        Assert.Equal((expected[0].Email, "true"), (records[0].Values["emailAddress"], records[0].Values["active"]));
        Assert.Equal(Adapter.Fields(new SourceSettings()).Select(f => f.Key).Order(), records[0].Values.Keys.Order());
        // A hidden email is no email at all, not an empty one.
        Assert.Null(records.Single(r => r.SourceId == $"JIRAUSER{10100 + 36}").Values["emailAddress"]);

        var resumed = await ReadAllAsync(Access("acme", includeInactive: true), pages[0].NextCursor);
        Assert.Equal(records.Skip(pages[0].Records.Count).Select(r => r.SourceId), resumed.SelectMany(p => p.Records).Select(r => r.SourceId));
        var activeOnly = (await ReadAllAsync(Access("acme"))).SelectMany(p => p.Records).Count();
        Assert.Equal(expected.Count(p => p.Active), activeOnly);
    }

    [Fact]
    public async Task A_429_storm_with_Retry_After_is_waited_out()
    {
        World.Site("umbrella").People = new DataSet { Users = 80, Companies = 2, Seed = 73 };
        var records = await ReadThrough429sAsync("umbrella", "/dc", Access("umbrella"));

        Assert.Equal(World.Site("umbrella").People.Range(0, 80).Count(p => p.AccountType != "app" && p.Active), records.Count);
        Assert.Equal(3, Counts["umbrella GET /dc/{siteName}/rest/api/2/group/member (failed)"]);
    }

    [Fact]
    public async Task A_Full_Import_from_Jira_Data_Center_creates_customers_with_their_key_as_External_ID()
    {
        World.Site("hooli").People = new DataSet { Users = 45, Companies = 3, Seed = 75 };
        var access = Access("hooli");
        var connection = await World.ConnectionFromSourceAsync("initech", SourceType.JiraDataCenter, access.Settings, access.Secret!);
        await World.BuildAsync("initech", connection.Id);

        var run = await World.RunToEndAsync("initech", connection.Id, RunKind.Full);

        var expected = World.Site("hooli").People.Range(0, 45).Where(p => p.AccountType != "app" && p.Active && p.Email is not null).ToList();
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(expected.Count, run.Created);
        var ada = World.Site("initech").Csm.Customers().Single(c => c.Email == expected[0].Email);
        Assert.Equal([$"JIRAUSER{10100 + expected[0].Index}"], ada.Details["External ID"]);
    }

    [Fact]
    public async Task Get_started_names_every_kind_of_source_and_what_each_needs()
    {
        var admin = await AppSession.OpenAsync(World, "acme");

        var (_, html) = await admin.GetAsync("/getting-started");

        foreach (var (name, needs) in SourceTypeNames.WhatEachNeeds)
            Assert.Contains($"<strong>{name}</strong>: {needs}", System.Net.WebUtility.HtmlDecode(html));
        Assert.Equal(Enum.GetValues<SourceType>().Length, SourceTypeNames.WhatEachNeeds.Count);
    }

}
