using Connector.Sandbox.Faults;
using Connector.Sandbox.Privacy;
using Connector.Tests.Infrastructure;
using Connector.Web.Csm;
using Connector.Web.Imports;
using Connector.Web.Platform.Database;
using Connector.Web.Sources;
using Connector.Web.Tenancy.Audit;
using Connector.Web.Tenancy.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tests.Tenancy;

/// <summary>
/// Atlassian's personal data reporting, against the sandbox's imitation: every account id we hold is reported once
/// per cycle, closed accounts are erased from every table, updated ones have their stored names read again.
/// </summary>
public sealed class PersonalDataTests(ConnectWorld<PersonalDataTests> world) : IClassFixture<ConnectWorld<PersonalDataTests>>
{
    AccountPrivacy Atlassian => world.Sandbox.Services.GetRequiredService<AccountPrivacy>();
    PersonalDataReport Report => world.App.Services.GetRequiredService<PersonalDataReport>();

    [Fact]
    public async Task Accounts_are_reported_once_per_cycle_and_a_closed_account_is_erased_everywhere_an_updated_one_refreshed()
    {
        var acme = world.Site("acme");
        var adminId = acme.Admin.AccountId;
        var admin = await AppSession.OpenAsync(world, "acme");
        await admin.PostAsync("/settings", new() { ["Email"] = acme.Admin.Email, ["ApiToken"] = acme.Admin.ApiToken });
        var connection = await world.ConnectionFromJiraAsync("acme", "globex", Connector.Web.Connections.Destination.Customers);
        await world.WaitForRunAsync((await world.StartRunAsync("acme", connection.Id, RunKind.Test)).Run.Id);
        await world.InTenantAsync("acme", services =>
        {
            // Atlassian's documented test accounts: one active, one closed.
            var db = services.GetRequiredService<ConnectorDb>();
            foreach (var accountId in new[] { AccountPrivacy.ActiveTestAccount, AccountPrivacy.ClosedTestAccount })
                db.Add(new AuditEntry { At = DateTimeOffset.UtcNow, Actor = AuditActor.Admin, ActorAccountId = accountId, Action = AuditAction.SourceEdited, Subject = "Old source" });
            return db.SaveChangesAsync();
        });
        var now = DateTimeOffset.UtcNow;
        var earlier = Atlassian.Reports.Count;

        var first = await Report.RunOnceAsync(now);
        Assert.Equal(3, first.Reported - OtherTenantsReported(earlier, "acme"));
        var reported = Assert.Single(Atlassian.Reports.Skip(earlier), r => r.Site == "acme");
        Assert.Equal("connect", reported.Via);
        Assert.Equal([AccountPrivacy.ActiveTestAccount, AccountPrivacy.ClosedTestAccount, adminId], reported.AccountIds.Order(StringComparer.Ordinal));
        Assert.Equal(0, await CountAsync(db => db.Set<AuditEntry>().IgnoreQueryFilters().CountAsync(e => e.ActorAccountId == AccountPrivacy.ClosedTestAccount)));

        // Within the cycle nothing is reported again.
        earlier = Atlassian.Reports.Count;
        await Report.RunOnceAsync(now.AddDays(1));
        Assert.DoesNotContain(Atlassian.Reports.Skip(earlier), r => r.Site == "acme");

        // A changed profile: the names we keep are read again.
        await world.WithDbAsync(db => db.Set<ExternalSource>().IgnoreQueryFilters().Where(s => s.LastUpdatedByAccountId == adminId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastUpdatedByName, "Stale name")));
        Atlassian.ProfileChanged(adminId, now.AddDays(2));
        earlier = Atlassian.Reports.Count;
        Assert.Equal(1, (await Report.RunOnceAsync(now.AddDays(8))).Updated);
        Assert.Equal([AccountPrivacy.ActiveTestAccount, adminId], Assert.Single(Atlassian.Reports.Skip(earlier), r => r.Site == "acme").AccountIds.Order(StringComparer.Ordinal));
        Assert.Equal(acme.Admin.DisplayName, await world.WithDbAsync(db => db.Set<ExternalSource>().IgnoreQueryFilters()
            .Where(s => s.Id == connection.SourceId).Select(s => s.LastUpdatedByName).SingleAsync()));

        // The admin's account is closed: nothing that names it remains, and the trail says only that someone acted.
        Atlassian.Close(adminId);
        Assert.Equal(1, (await Report.RunOnceAsync(now.AddDays(16))).Closed);
        Assert.Equal(0, await CountAsync(db => db.Set<AuditEntry>().IgnoreQueryFilters().CountAsync(e => e.ActorAccountId == adminId)));
        Assert.Equal(0, await CountAsync(db => db.Set<ExternalSource>().IgnoreQueryFilters().CountAsync(s => s.LastUpdatedByAccountId == adminId || s.LastUpdatedByName == acme.Admin.DisplayName)));
        Assert.Equal(0, await CountAsync(db => db.Set<ImportRun>().IgnoreQueryFilters().CountAsync(r => r.RequestedBy == adminId)));
        Assert.Equal(0, await CountAsync(db => db.Set<CsmAccess>().IgnoreQueryFilters().CountAsync(a => a.UpdatedByAccountId == adminId || a.UpdatedByName == acme.Admin.DisplayName)));
        Assert.Equal(0, await CountAsync(db => db.Set<ReportedAccount>().IgnoreQueryFilters().CountAsync(r => r.AccountId == adminId)));
        Assert.True(await CountAsync(db => db.Set<AuditEntry>().IgnoreQueryFilters().CountAsync(e => e.ActorAccountId == null && e.Actor == AuditActor.Admin)) >= 3);
        var (_, trail) = await admin.GetAsync("/audit");
        Assert.Contains("A user whose account was closed", trail);
    }

    [Fact]
    public async Task A_Forge_tenant_reports_through_the_gateway_root_and_a_429_leaves_the_accounts_for_the_next_run()
    {
        await world.ForgeInstallAsync("hooli");
        foreach (var site in new[] { "hooli", "umbrella" })
            await world.InTenantAsync(site, services =>
            {
                var db = services.GetRequiredService<ConnectorDb>();
                db.Add(new AuditEntry { At = DateTimeOffset.UtcNow, Actor = AuditActor.Admin, ActorAccountId = $"{site}-someone", Action = AuditAction.SourceEdited, Subject = "A source" });
                return db.SaveChangesAsync();
            });
        await world.SetFaultsAsync("umbrella", new FaultSettings { PathPrefix = "/app/report-accounts", FailNext = 50, FailStatus = 429, RetryAfterSeconds = 1 });
        var earlier = Atlassian.Reports.Count;

        await Report.RunOnceAsync(DateTimeOffset.UtcNow);
        var forge = Assert.Single(Atlassian.Reports.Skip(earlier), r => r.Site == "hooli");
        Assert.Equal("forge", forge.Via);
        Assert.Contains("hooli-someone", forge.AccountIds);
        Assert.DoesNotContain(Atlassian.Reports.Skip(earlier), r => r.Site == "umbrella");
        Assert.Equal(0, await CountAsync(db => db.Set<ReportedAccount>().IgnoreQueryFilters().CountAsync(r => r.AccountId == "umbrella-someone")));

        // Atlassian answers again: what was refused is reported on the next run, what was reported is not repeated.
        await world.ClearFaultsAsync("umbrella");
        earlier = Atlassian.Reports.Count;
        await Report.RunOnceAsync(DateTimeOffset.UtcNow.AddHours(1));
        Assert.Contains("umbrella-someone", Assert.Single(Atlassian.Reports.Skip(earlier), r => r.Site == "umbrella").AccountIds);
        Assert.DoesNotContain(Atlassian.Reports.Skip(earlier), r => r.Site == "hooli");
    }

    [Fact]
    public async Task A_Confluence_tenant_reports_below_wiki_with_its_own_token_apart_from_the_sites_Jira_tenant()
    {
        var product = Connector.Sandbox.Sites.SiteProduct.Confluence;
        await world.InTenantAsync("globex", services =>
        {
            var db = services.GetRequiredService<ConnectorDb>();
            db.Add(new AuditEntry { At = DateTimeOffset.UtcNow, Actor = AuditActor.Admin, ActorAccountId = "globex-confluence-someone", Action = AuditAction.SourceEdited, Subject = "A source" });
            return db.SaveChangesAsync();
        }, product);
        var earlier = Atlassian.Reports.Count;

        await Report.RunOnceAsync(DateTimeOffset.UtcNow);

        var reported = Assert.Single(Atlassian.Reports.Skip(earlier), r => r.Via == "confluence");
        Assert.Equal("globex", reported.Site);
        Assert.Equal(["globex-confluence-someone"], reported.AccountIds);
        Assert.DoesNotContain(Atlassian.Reports.Skip(earlier), r => r.Via != "confluence" && r.AccountIds.Contains("globex-confluence-someone"));
    }

    int OtherTenantsReported(int earlier, string site) => Atlassian.Reports.Skip(earlier).Where(r => r.Site != site).Sum(r => r.AccountIds.Count);

    Task<int> CountAsync(Func<ConnectorDb, Task<int>> count) => world.WithDbAsync(count);
}
