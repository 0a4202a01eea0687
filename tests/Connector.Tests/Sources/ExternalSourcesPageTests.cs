using System.Text;
using System.Text.RegularExpressions;
using Connector.Tests.Infrastructure;
using Connector.Web.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tests.Sources;

/// <summary>The External Sources pages through real HTTP, as a Jira admin inside the iframe uses them.</summary>
public sealed partial class ExternalSourcesPageTests(ConnectWorld<ExternalSourcesPageTests> world)
    : IClassFixture<ConnectWorld<ExternalSourcesPageTests>>
{
    static string InDays(int days) => DateOnly.FromDateTime(DateTime.UtcNow.AddDays(days)).ToString("yyyy-MM-dd");

    async Task<AppSession> AdminAsync(string site = "acme")
    {
        if (!world.Site(site).Installed) await world.InstallAsync(site);
        return await AppSession.OpenAsync(world, site);
    }

    Dictionary<string, string> OrganizationForm(string name, string key, string expiresOn) => new()
    {
        ["Input.Name"] = name, ["Input.ApiKey"] = key, ["Input.ExpiresOn"] = expiresOn,
    };

    [Fact]
    public async Task An_organization_source_is_checked_saved_and_listed_as_connected_with_who_changed_it()
    {
        var admin = await AdminAsync();

        var (status, html) = await admin.PostAsync("/sources/edit?type=AtlassianOrganization",
            OrganizationForm("Globex people", "org-key-globex", InDays(200)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("External source “Globex people” is connected and saved.", html);
        var row = Row(html, "Globex people");
        Assert.Contains("Atlassian organization", row);
        Assert.Contains("Acme Admin", row);
        Assert.Contains(InDays(200), row);
        Assert.Contains(">Connected</span>", row);
        Assert.DoesNotContain("org-key-globex", html);
    }

    [Fact]
    public async Task A_key_that_does_not_work_shows_the_reason_in_a_dialog_and_saves_nothing()
    {
        var admin = await AdminAsync();
        var before = await CountAsync();

        var (status, html) = await admin.PostAsync("/sources/edit?type=AtlassianOrganization",
            OrganizationForm("Revoked", "expired-org-key-globex", InDays(30)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<dialog class=\"modal\" open", html);
        Assert.Contains("did not accept this API key", html);
        Assert.Contains("Nothing was saved.", html);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task An_expiry_date_in_the_past_is_questioned_not_blamed_on_the_key()
    {
        var admin = await AdminAsync();

        var (_, html) = await admin.PostAsync("/sources/edit?type=AtlassianOrganization",
            OrganizationForm("Old key", "org-key-globex", InDays(-3)));

        Assert.Contains($"{InDays(-3)} is in the past. Check the date; if it really expired, create a new one and enter both here.", WebUtility.HtmlDecode(html));
        Assert.DoesNotContain("expired on", html);
        Assert.False(await world.WithDbAsync(db => db.Set<ExternalSource>().IgnoreQueryFilters().AnyAsync(s => s.Name == "Old key")));
    }

    [Fact]
    public async Task Missing_fields_get_inline_messages_and_nothing_is_checked()
    {
        var admin = await AdminAsync();

        var (_, html) = await admin.PostAsync("/sources/edit?type=JiraCloud", new() { ["Input.Name"] = "", ["Input.SiteUrl"] = "globex" });

        Assert.Contains("Give the source a name.", html);
        Assert.Contains("Enter the site&#x27;s full address", html);
        Assert.Contains("Enter the email address of a Jira administrator", html);
        Assert.Contains("Enter that user&#x27;s API token.", html);
        Assert.DoesNotContain("<dialog", html);
    }

    [Fact]
    public async Task Editing_without_retyping_the_token_keeps_it_and_the_token_is_never_shown()
    {
        var admin = await AdminAsync();
        var globex = world.Site("globex");
        await admin.PostAsync("/sources/edit?type=JiraCloud", new()
        {
            ["Input.Name"] = "Globex Jira", ["Input.SiteUrl"] = globex.BaseUrl, ["Input.Email"] = globex.Admin.Email,
            ["Input.ApiToken"] = globex.Admin.ApiToken,
        });
        var id = await IdOfAsync("Globex Jira");
        var (_, sources) = await admin.GetAsync("/sources");
        Assert.Contains($"{globex.BaseUrl} as {globex.Admin.Email}", System.Net.WebUtility.HtmlDecode(sources)); // what it points at, to recognise it

        var (_, form) = await admin.GetAsync($"/sources/edit/{id}");
        var (_, list) = await admin.PostAsync($"/sources/edit/{id}", new()
        {
            ["Input.Name"] = "Globex Jira (renamed)", ["Input.SiteUrl"] = globex.BaseUrl, ["Input.Email"] = globex.Admin.Email,
            ["Input.ApiToken"] = "",
        });

        Assert.DoesNotContain(globex.Admin.ApiToken, form);
        Assert.Contains("Leave blank to keep the current token", form);
        Assert.Contains(">Connected</span>", Row(list, "Globex Jira (renamed)"));
        Assert.DoesNotContain(globex.Admin.ApiToken, list);
    }

    [Fact]
    public async Task A_key_expiring_within_two_weeks_is_flagged_on_the_list()
    {
        var admin = await AdminAsync();

        var (_, html) = await admin.PostAsync("/sources/edit?type=AtlassianOrganization",
            OrganizationForm("Short-lived key", "org-key-globex", InDays(10)));

        // One message per place: the banner (on every page until acknowledged) and the source's own row.
        Assert.Single(Regex.Matches(WebUtility.HtmlDecode(html), $">The API key of “Short-lived key” expires on {InDays(10)}<"));
        Assert.Contains($"The API key expires on {InDays(10)}, in 10 days.", Row(html, "Short-lived key"));
        Assert.Contains("lozenge-warning", Row(html, "Short-lived key"));
    }

    [Fact]
    public async Task A_Jira_token_takes_its_expiry_date_and_is_warned_about_like_a_key()
    {
        var admin = await AdminAsync();
        var globex = world.Site("globex");

        var (_, html) = await admin.PostAsync("/sources/edit?type=JiraCloud", new()
        {
            ["Input.Name"] = "Expiring Jira", ["Input.SiteUrl"] = globex.BaseUrl, ["Input.Email"] = globex.Admin.Email,
            ["Input.ApiToken"] = globex.Admin.ApiToken, ["Input.ExpiresOn"] = InDays(5),
        });

        Assert.Contains($"The API token expires on {InDays(5)}, in 5 days.", Row(html, "Expiring Jira"));
        Assert.Single(Regex.Matches(WebUtility.HtmlDecode(html), $">The API token of “Expiring Jira” expires on {InDays(5)}<"));
        var (_, tooLong) = await admin.PostAsync("/sources/edit?type=JiraCloud", new()
        {
            ["Input.Name"] = "Forever Jira", ["Input.SiteUrl"] = globex.BaseUrl, ["Input.Email"] = globex.Admin.Email,
            ["Input.ApiToken"] = globex.Admin.ApiToken, ["Input.ExpiresOn"] = InDays(400),
        });
        Assert.Contains("API tokens last at most one year. Check the date.", tooLong);
    }

    [Fact]
    public async Task Check_now_checks_a_source_again_and_says_what_it_found()
    {
        var admin = await AdminAsync();
        var globex = world.Site("globex");
        await admin.PostAsync("/sources/edit?type=JiraCloud", new()
        {
            ["Input.Name"] = "Checked Jira", ["Input.SiteUrl"] = globex.BaseUrl, ["Input.Email"] = globex.Admin.Email, ["Input.ApiToken"] = globex.Admin.ApiToken,
        });
        var id = await IdOfAsync("Checked Jira");

        var (_, good) = await admin.PostAsync($"/sources?handler=check&id={id}", []);
        Assert.Contains("Checked “Checked Jira” just now: it is connected.", WebUtility.HtmlDecode(good));

        await world.SetFaultsAsync("globex", new Connector.Sandbox.Faults.FaultSettings { FailNext = 100, FailStatus = 401 });
        try
        {
            var (_, bad) = await admin.PostAsync($"/sources?handler=check&id={id}", []);
            Assert.Contains("Checked “Checked Jira” just now: ", WebUtility.HtmlDecode(bad));
            Assert.Contains(">Error</span>", Row(bad, "Checked Jira"));
        }
        finally
        {
            await world.ClearFaultsAsync("globex");
        }
    }

    [Fact]
    public async Task A_csv_upload_is_checked_and_listed_with_what_the_check_learned()
    {
        var admin = await AdminAsync();
        var csv = Encoding.UTF8.GetBytes("Email,Name,Company\nada@x.example,Ada,X Ltd\nbad row\n");

        var (_, html) = await admin.PostAsync("/sources/edit?type=Csv", new() { ["Input.Name"] = "Spreadsheet" },
            ("Input.File", "people.csv", csv));

        var row = Row(html, "Spreadsheet");
        Assert.Contains(">Connected</span>", row);
        Assert.Contains("2 rows; 1 cannot be read and will be skipped (line 3: 1 value where the header has 3)", row);
    }

    [Theory]
    [InlineData("PK\u0003\u0004 not really a workbook", "", "This file is not text: it looks like a ZIP archive, such as an Excel workbook (.xlsx).")]
    [InlineData("%PDF-1.7 binary", "", "This file is not text: it looks like a PDF document.")]
    [InlineData("Email\u0000Name\nx\u0000y\n", "", "This file is not text (it contains zero bytes).")]
    [InlineData("Email,Name,Company\nada@x.example,Ada,X\n", ";", "With semicolon (;) as the delimiter the header is a single column, but comma (,) splits it into 3 columns.")]
    public async Task A_csv_that_is_not_text_or_whose_chosen_delimiter_does_not_fit_is_refused_with_the_reason(string content, string delimiter, string reason)
    {
        var admin = await AdminAsync();
        var name = $"Refused {Guid.NewGuid():N}";

        var (_, html) = await admin.PostAsync("/sources/edit?type=Csv", new() { ["Input.Name"] = name, ["Input.Delimiter"] = delimiter },
            ("Input.File", "people.csv", Encoding.UTF8.GetBytes(content)));

        Assert.Contains(WebUtility.HtmlEncode(reason), html);
        Assert.False(await world.WithDbAsync(db => db.Set<ExternalSource>().IgnoreQueryFilters().AnyAsync(s => s.Name == name)));
    }

    [Fact]
    public async Task After_an_upload_the_admin_sees_its_columns_its_first_rows_and_every_unreadable_line()
    {
        var admin = await AdminAsync();
        var csv = new StringBuilder("Email;Name;Company\n");
        for (var i = 1; i <= 60; i++) csv.Append(i % 2 == 0 ? $"short row {i}\n" : $"p{i}@x.example;Person {i};X Ltd\n");

        var (_, html) = await admin.PostAsync("/sources/edit?type=Csv", new() { ["Input.Name"] = "Sixty rows" },
            ("Input.File", "sixty.csv", Encoding.UTF8.GetBytes(csv.ToString())));

        Assert.Contains("What was read from sixty.csv", html);
        Assert.Contains("3 columns, separated by semicolon (;), utf-8; 60 rows. The first 5:", html);
        Assert.Contains("<th scope=\"col\">Company</th>", html);
        Assert.Contains("<td>p9@x.example</td>", html);
        Assert.DoesNotContain("<td>p11@x.example</td>", html);
        Assert.Contains("30 lines cannot be read and will be skipped", html);
        Assert.Contains("<li>Line 3: 1 value where the header has 3</li>", html); // data line 2 is file line 3
        Assert.Equal(20, Regex.Matches(html, "<li>Line ").Count);
        var report = Regex.Match(html, "href=\"(/sources/edit/[0-9a-f-]+\\?handler=unreadable[^\"]*)\"").Groups[1].Value;
        var lines = (await world.Http.GetStringAsync(world.AppUrl + WebUtility.HtmlDecode(report))).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Line,Problem", lines[0].TrimStart('\uFEFF'));
        Assert.Equal(31, lines.Length);
        Assert.Equal("61,\"1 value where the header has 3\"", lines[^1]);
    }

    [Fact]
    public async Task Delete_asks_first_then_removes_the_source_and_records_it()
    {
        var admin = await AdminAsync();
        await admin.PostAsync("/sources/edit?type=AtlassianOrganization", OrganizationForm("To delete", "org-key-globex", InDays(90)));
        var id = await IdOfAsync("To delete");

        var (_, confirm) = await admin.GetAsync($"/sources/delete/{id}");
        Assert.Contains("Delete “To delete”?", confirm);
        Assert.True(await world.WithDbAsync(db => db.Set<ExternalSource>().IgnoreQueryFilters().AnyAsync(s => s.Id == id)));

        var (_, list) = await admin.PostAsync($"/sources/delete/{id}", []);

        Assert.Contains("External source “To delete” was deleted.", list);
        Assert.False(await world.WithDbAsync(db => db.Set<ExternalSource>().IgnoreQueryFilters().AnyAsync(s => s.Id == id)));
        Assert.True(await world.WithDbAsync(db => db.Set<SourceEvent>().IgnoreQueryFilters().AnyAsync(e => e.SourceId == id && e.Kind == "deleted")));
    }

    [Fact]
    public async Task Another_site_cannot_list_read_edit_or_delete_this_sites_sources()
    {
        var acme = await AdminAsync("acme");
        await acme.PostAsync("/sources/edit?type=AtlassianOrganization", OrganizationForm("Acme only", "org-key-acme", InDays(90)));
        var id = await IdOfAsync("Acme only");
        var globex = await AdminAsync("globex");

        var (_, list) = await globex.GetAsync("/sources");
        Assert.DoesNotContain("Acme only", list);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync($"/sources/edit/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.PostAsync($"/sources/edit/{id}",
            OrganizationForm("Stolen", "org-key-globex", InDays(90)))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.GetAsync($"/sources/delete/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await globex.PostAsync($"/sources/delete/{id}", [])).Status);

        var stored = await world.WithDbAsync(db => db.Set<ExternalSource>().IgnoreQueryFilters().SingleAsync(s => s.Id == id));
        Assert.Equal("Acme only", stored.Name);
    }

    [Fact]
    public async Task A_user_who_is_not_a_jira_admin_can_neither_see_nor_change_sources()
    {
        if (!world.Site("acme").Installed) await world.InstallAsync("acme");
        using var page = await world.Http.GetAsync(world.FrameUrl("acme", "/sources", world.Site("acme").Agent.AccountId));
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
    }

    [Fact]
    public async Task The_daily_recheck_turns_a_source_whose_key_expired_into_an_error_and_records_the_change()
    {
        var admin = await AdminAsync();
        var site = world.Site("umbrella");
        var key = $"org-key-recheck-{Guid.NewGuid():N}";
        site.OrgApiKeys[key] = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(100));
        await admin.PostAsync("/sources/edit?type=AtlassianOrganization", OrganizationForm("Umbrella org", key, InDays(100)));
        var id = await IdOfAsync("Umbrella org");

        site.OrgApiKeys[key] = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1));
        await world.App.Services.GetRequiredService<SourceStatusRecheck>().RunOnceAsync();

        var source = await world.WithDbAsync(db => db.Set<ExternalSource>().IgnoreQueryFilters().SingleAsync(s => s.Id == id));
        Assert.Equal(SourceStatus.Error, source.Status);
        Assert.Contains("did not accept this API key", source.StatusReason);
        var events = await world.WithDbAsync(db => db.Set<SourceEvent>().IgnoreQueryFilters().Where(e => e.SourceId == id).ToListAsync());
        Assert.Contains(events, e => e.Kind == "status_changed" && e.Detail.StartsWith("rechecked: Connected → Error"));
    }

    [Fact]
    public async Task No_source_secret_reaches_a_log_line()
    {
        var admin = await AdminAsync();
        var globex = world.Site("globex");
        await admin.PostAsync("/sources/edit?type=JiraCloud", new()
        {
            ["Input.Name"] = "Logged?", ["Input.SiteUrl"] = globex.BaseUrl, ["Input.Email"] = globex.Admin.Email,
            ["Input.ApiToken"] = globex.Admin.ApiToken,
        });
        await admin.PostAsync("/sources/edit?type=AtlassianOrganization", OrganizationForm("Logged org?", "org-key-globex", InDays(50)));

        var everything = string.Join('\n', world.AppLogs.Lines);
        Assert.DoesNotContain(globex.Admin.ApiToken, everything);
        Assert.DoesNotContain("org-key-globex", everything);
    }

    Task<int> CountAsync() => world.WithDbAsync(db => db.Set<ExternalSource>().IgnoreQueryFilters().CountAsync());

    Task<Guid> IdOfAsync(string name) =>
        world.WithDbAsync(db => db.Set<ExternalSource>().IgnoreQueryFilters().Where(s => s.Name == name).Select(s => s.Id).SingleAsync());

    static string Row(string html, string name) =>
        RowPattern().Matches(html).Select(m => m.Value).SingleOrDefault(r => r.Contains($"<td>{System.Net.WebUtility.HtmlEncode(name)}</td>"))
        ?? throw new Xunit.Sdk.XunitException($"No row for {name} in the list.");

    [GeneratedRegex("<tr>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();
}
