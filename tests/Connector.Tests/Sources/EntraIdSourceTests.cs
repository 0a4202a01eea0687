using Connector.Sandbox.Data;
using Connector.Sandbox.Faults;
using Connector.Tests.Infrastructure;
using Connector.Web.Connections;
using Connector.Web.Imports;
using Connector.Web.Platform.Database;
using Connector.Web.Platform.Secrets;
using Connector.Web.Sources;
using Microsoft.EntityFrameworkCore;

namespace Connector.Tests.Sources;

/// <summary>The Microsoft Entra ID source against the sandbox's identity platform and Graph, and an import from it into CSM.</summary>
public sealed class EntraIdSourceTests(ConnectWorld<EntraIdSourceTests> world) : SourceTests<EntraIdSourceTests>(world, SourceType.EntraId), IClassFixture<ConnectWorld<EntraIdSourceTests>>
{
    SourceAccess Access(string site, string? clientId = null, string? secret = null, string? directoryId = null, string? groupId = null,
        bool includeInactive = false)
    {
        var directory = World.Site(site).Entra;
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
        var directory = World.Site("globex").Entra;
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

        var check = await Adapter.CheckAsync(access, default);

        Assert.Equal(reason is null ? SourceStatus.Connected : SourceStatus.Error, check.Status);
        if (reason is not null) Assert.Contains(reason, check.Reason);
    }

    [Fact]
    public async Task Paging_follows_the_next_links_to_the_end_asks_only_for_the_mapped_properties_and_resumes_from_a_cursor()
    {
        World.Site("acme").People = new DataSet { Users = 250, Companies = 4, Seed = 5 };
        Counts.Reset();

        var pages = await ReadAllAsync(Access("acme"));

        var expected = World.Site("acme").People.Range(0, 250).Where(p => p.AccountType != "app" && p.Active).ToList();
        var records = pages.SelectMany(p => p.Records).ToList();
        Assert.Equal(expected.Count, records.Count);
        Assert.Equal(expected.Count, records.Select(r => r.SourceId).Distinct().Count());
        Assert.Equal(3, Counts["acme GET /graph/v1.0/users/delta"]);
        Assert.Null(pages[^1].NextCursor);
        Assert.Equal(Adapter.Fields(new SourceSettings()).Select(f => f.Key).Order(), records[0].Values.Keys.Order());
        var ada = records.First(r => r.Values["mail"] == expected[0].Email);
        Assert.Equal((expected[0].Company, expected[0].Title, "true"), (ada.Values["companyName"], ada.Values["jobTitle"], ada.Values["accountEnabled"]));

        var resumed = await ReadAllAsync(Access("acme"), pages[0].NextCursor);
        Assert.Equal(records.Skip(pages[0].Records.Count).Select(r => r.SourceId), resumed.SelectMany(p => p.Records).Select(r => r.SourceId));
    }

    [Fact]
    public async Task A_group_reads_only_its_members_and_a_cursor_off_Graph_is_refused()
    {
        World.Site("initech").People = new DataSet { Users = 60, Companies = 2, Seed = 9 };
        var directory = World.Site("initech").Entra;

        var members = (await ReadAllAsync(Access("initech", groupId: directory.GroupId, includeInactive: true))).SelectMany(p => p.Records).ToList();

        var expected = World.Site("initech").People.Range(0, 60).Where(p => p.AccountType != "app" && p.Index % 3 == 0).ToList();
        Assert.Equal(expected.Count, members.Count);
        await Assert.ThrowsAsync<SourceReadException>(() => ReadAllAsync(Access("initech"), "https://attacker.example/v1.0/users"));
    }

    [Fact]
    public async Task A_429_storm_with_Retry_After_is_waited_out_and_a_lapsed_token_is_renewed_mid_read()
    {
        World.Site("umbrella").People = new DataSet { Users = 120, Companies = 2, Seed = 13 };
        await World.SetFaultsAsync("umbrella", new FaultSettings { PathPrefix = "/graph", FailNext = 3, FailStatus = 429, RetryAfterSeconds = 1 });
        try
        {
            var access = Access("umbrella");
            var records = new List<SourceRecord>();
            await foreach (var page in Adapter.ReadAsync(access, null, 50, default))
            {
                records.AddRange(page.Records);
                World.Site("umbrella").Entra.ExpireTokens(); // an hour passes between pages
            }

            Assert.Equal(World.Site("umbrella").People.Range(0, 120).Count(p => p.AccountType != "app" && p.Active), records.Count);
            Assert.Equal(3, Counts["umbrella GET /graph/v1.0/users/delta (failed)"]);
        }
        finally
        {
            await World.ClearFaultsAsync("umbrella");
        }
    }

    [Fact]
    public async Task A_Full_Import_from_Entra_ID_creates_customers_with_their_company_as_organization()
    {
        World.Site("hooli").People = new DataSet { Users = 40, Companies = 3, Seed = 21 };
        var connection = await AddConnectionAsync("acme", "hooli");

        var run = await World.RunToEndAsync("acme", connection.Id, RunKind.Full);

        var expected = World.Site("hooli").People.Range(0, 40).Where(p => p.AccountType != "app" && p.Active).ToList();
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(expected.Count, run.Created);
        var directory = World.Site("acme").Csm;
        // Without a mailbox (no mail), the address a user signs in with is the customer's email.
        Assert.Contains(directory.Customers(), c => c.Email == "user36@hooli.onmicrosoft.com");
        var ada = directory.Customers().Single(c => c.Email == expected[0].Email);
        Assert.Equal([expected[0].Title], ada.Details["Job title"]);
        Assert.Equal(directory.Organizations().Single(o => o.Name == expected[0].Company).Id, Assert.Single(ada.Organizations));
    }

    [Fact]
    public async Task A_read_ends_in_a_delta_link_from_which_only_changed_and_new_users_are_read_whole_and_deleted_ones_are_left_out()
    {
        World.Site("acme").People = new DataSet { Users = 230, Companies = 4, Seed = 31, ChangeEvery = 20 };
        var whole = await ReadAllAsync(Access("acme"));
        var token = whole[^1].ChangeToken;
        Assert.StartsWith(World.SandboxUrl + "/graph/v1.0/users/delta?$deltatoken=", token);
        Assert.All(whole[..^1], page => Assert.Null(page.ChangeToken));

        // Renames every 20th person, adds 10 and deletes none; then reads only that.
        World.Site("acme").People = World.Site("acme").People with { Revision = 1, Users = 240 };
        Counts.Reset();
        var changes = (await ReadChangesAsync(Access("acme"), token!)).ToList();

        var people = World.Site("acme").People;
        var expected = people.Range(0, 240).Where(p => p.AccountType != "app" && p.Active && (p.Index % 20 == 0 || p.Index >= 230)).ToList();
        var records = changes.SelectMany(p => p.Records).ToList();
        Assert.Equal(expected.Select(p => p.Email ?? $"user{p.Index}@acme.onmicrosoft.com"), records.Select(r => r.Values["mail"]));
        // Graph may send a changed user with only the changed properties: each is read again whole.
        var renamed = records.First(r => r.Values["displayName"]!.Contains("(rev 1)"));
        Assert.NotNull(renamed.Values["companyName"]);
        Assert.Equal(1, Counts["acme GET /graph/v1.0/users/delta"]);
        var listed = people.Range(0, 240).Count(p => p.AccountType != "app" && (p.Index % 20 == 0 || p.Index >= 230));
        Assert.Equal((listed + 14) / 15, Counts["acme GET /graph/v1.0/users"]);
        Assert.NotNull(changes[^1].ChangeToken);

        // Nothing changed since the new link; ten users deleted are not records (the periodic full read deactivates them).
        World.Site("acme").People = people with { Users = 230 };
        var afterDelete = await ReadChangesAsync(Access("acme"), changes[^1].ChangeToken!);
        Assert.Empty(afterDelete.SelectMany(p => p.Records));
    }

    [Fact]
    public async Task A_delta_state_Graph_no_longer_knows_is_read_again_from_the_start()
    {
        World.Site("initech").People = new DataSet { Users = 30, Companies = 2, Seed = 41 };
        var token = (await ReadAllAsync(Access("initech")))[^1].ChangeToken!;
        World.Site("initech").People = new DataSet { Users = 30, Companies = 2, Seed = 42 };

        var pages = await ReadChangesAsync(Access("initech"), token);

        Assert.Equal(World.Site("initech").People.Range(0, 30).Count(p => p.AccountType != "app" && p.Active), pages.Sum(p => p.Records.Count));
        Assert.NotNull(pages[^1].ChangeToken);
    }

    [Fact]
    public async Task A_second_Full_Import_reads_only_what_changed_and_everything_again_when_the_week_is_over_deactivating_who_left()
    {
        World.Site("umbrella").People = new DataSet { Users = 120, Companies = 3, Seed = 51, ChangeEvery = 25 };
        var connection = await AddConnectionAsync("globex", "umbrella", DeactivationPolicy.MarkInactive);
        var first = await World.RunToEndAsync("globex", connection.Id, RunKind.Full);
        Assert.Equal((RunStatus.Succeeded, null), (first.Status, first.ChangesSince));

        World.Site("umbrella").People = World.Site("umbrella").People with { Revision = 1, Users = 100 };
        Counts.Reset();
        var second = await World.RunToEndAsync("globex", connection.Id, RunKind.Full);

        var people = World.Site("umbrella").People;
        var renamed = people.Range(0, 100).Where(p => p.AccountType != "app" && p.Active && p.Index % 25 == 0).ToList();
        Assert.Equal(RunStatus.Succeeded, second.Status);
        Assert.NotNull(second.ChangesSince);
        Assert.Equal((renamed.Count, renamed.Count), (second.RecordsRead, second.Updated));
        Assert.Equal(1, Counts["umbrella GET /graph/v1.0/users/delta"]);
        Assert.StartsWith("Only what changed was read", second.Message);
        var directory = World.Site("globex").Csm;
        Assert.Equal([renamed[0].DisplayName], directory.Customers().Single(c => c.Email == renamed[0].Email).Details["Full name"]);
        // The 20 who left are not deactivated by a read of changes: it cannot tell.
        Assert.DoesNotContain(directory.Customers(), c => c.Details.GetValueOrDefault(FieldMapping.StatusField) is ["Inactive"]);

        await World.WithDbAsync(db => db.Set<ChangeMark>().IgnoreQueryFilters().Where(m => m.ConnectionId == connection.Id)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.FullReadAt, x => x.FullReadAt.AddDays(-8))));
        var third = await World.RunToEndAsync("globex", connection.Id, RunKind.Full);

        var left = (people with { Users = 120 }).Range(100, 20).Count(p => p.AccountType != "app" && p.Active);
        Assert.Equal((RunStatus.Succeeded, null), (third.Status, third.ChangesSince));
        Assert.Equal(people.Range(0, 100).Count(p => p.AccountType != "app" && p.Active), third.RecordsRead);
        Assert.Equal(left, directory.Customers().Count(c => c.Details.GetValueOrDefault(FieldMapping.StatusField) is ["Inactive"]));
    }

    [Fact]
    public async Task A_changed_mapping_reads_everything_again()
    {
        World.Site("hooli").People = new DataSet { Users = 30, Companies = 2, Seed = 61 };
        var connection = await AddConnectionAsync("initech", "hooli");
        await World.RunToEndAsync("initech", connection.Id, RunKind.Full);
        var unchanged = await World.RunToEndAsync("initech", connection.Id, RunKind.Full);
        Assert.Equal((0, true), (unchanged.RecordsRead, unchanged.ReadsChangesOnly));

        await World.WithDbAsync(async db =>
        {
            var stored = await db.Set<Connection>().IgnoreQueryFilters().SingleAsync(c => c.Id == connection.Id);
            stored.Mapping = stored.Mapping with { Details = stored.Mapping.Details.Where(d => d.Source != "jobTitle").ToList() };
            return await db.SaveChangesAsync();
        });
        var afterEdit = await World.RunToEndAsync("initech", connection.Id, RunKind.Full);

        Assert.Equal((RunStatus.Succeeded, false), (afterEdit.Status, afterEdit.ReadsChangesOnly));
        Assert.Equal(World.Site("hooli").People.Range(0, 30).Count(p => p.AccountType != "app" && p.Active), afterEdit.RecordsRead);
    }

    /// <summary>A connection of <paramref name="site"/>'s tenant reading <paramref name="directorySite"/>'s Entra directory, built.</summary>
    async Task<Connection> AddConnectionAsync(string site, string directorySite, DeactivationPolicy policy = DeactivationPolicy.Ignore)
    {
        var access = Access(directorySite);
        // The name as a detail too: CSM keeps a customer's display name as first written.
        var connection = await World.ConnectionFromSourceAsync(site, SourceType.EntraId, access.Settings, access.Secret!, policy: policy, safetyStopPercent: 100,
            mapping: m => m with { Details = [.. m.Details, new DetailMapping(Connector.Web.Csm.CsmEntity.Customer, "Full name", Connector.Web.Csm.CsmFieldType.TEXT, "displayName")] });
        await World.BuildAsync(site, connection.Id);
        return connection;
    }


}
