using Connector.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connector.Tests.EndToEnd;

/// <summary>An admin adds, edits and deletes external sources inside the sandbox's Jira, in a real browser.</summary>
public sealed class ExternalSourcesTests(ConnectWorld<ExternalSourcesTests> world, Browser browser)
    : IClassFixture<ConnectWorld<ExternalSourcesTests>>, IClassFixture<Browser>
{
    static string InDays(int days) => DateOnly.FromDateTime(DateTime.UtcNow.AddDays(days)).ToString("yyyy-MM-dd");

    [Fact]
    public Task An_admin_adds_each_kind_of_source_and_sees_it_connected() =>
        browser.RunAsync(nameof(An_admin_adds_each_kind_of_source_and_sees_it_connected), async page =>
        {
            var app = await OpenSourcesAsync(page, "acme");
            var globex = world.Site("globex");

            await app.GetByRole(AriaRole.Link, new() { Name = "+ External Source" }).First.ClickAsync();
            await app.GetByLabel("Source name").FillAsync("Globex organization");
            await app.GetByLabel("API key").FillAsync("org-key-globex");
            await app.GetByLabel("Expires on").FillAsync(InDays(180));
            await app.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
            await ExpectConnectedAsync(app, "Globex organization");

            await app.GetByRole(AriaRole.Link, new() { Name = "+ External Source" }).First.ClickAsync();
            await ChooseTypeAsync(app, "Jira Cloud", "Jira URL");
            await app.GetByLabel("Source name").FillAsync("Globex Jira");
            await app.GetByLabel("Jira URL").FillAsync(globex.BaseUrl);
            await app.GetByLabel("User email").FillAsync(globex.Admin.Email);
            await app.GetByLabel("API token").FillAsync(globex.Admin.ApiToken);
            await app.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
            await ExpectConnectedAsync(app, "Globex Jira");

            var entra = world.Site("globex").Entra;
            await app.GetByRole(AriaRole.Link, new() { Name = "+ External Source" }).First.ClickAsync();
            await ChooseTypeAsync(app, "Microsoft Entra ID", "Directory (tenant) ID");
            await app.GetByLabel("Source name").FillAsync("Globex staff");
            await app.GetByLabel("Directory (tenant) ID").FillAsync(entra.DirectoryId);
            await app.GetByLabel("Application (client) ID").FillAsync(entra.ClientId);
            await app.GetByLabel("Client secret").FillAsync(entra.ClientSecret);
            await app.GetByLabel("Secret expires on").FillAsync(InDays(10));
            await app.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
            await ExpectConnectedAsync(app, "Globex staff");
            await Expect(app.GetByText("The client secret expires on")).ToBeVisibleAsync();

            var dataCenter = world.Site("globex").DataCenter;
            await app.GetByRole(AriaRole.Link, new() { Name = "+ External Source" }).First.ClickAsync();
            await ChooseTypeAsync(app, "Jira Data Center", "Base URL");
            await app.GetByLabel("Source name").FillAsync("Globex Data Center");
            await app.GetByLabel("Base URL").FillAsync($"{world.SandboxUrl}/dc/globex");
            await app.GetByLabel("Personal access token").FillAsync(dataCenter.AdminToken);
            await app.GetByLabel("Token expires on (optional)").FillAsync(InDays(5));
            await app.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
            await ExpectConnectedAsync(app, "Globex Data Center");
            await Expect(app.GetByText("The personal access token expires on")).ToBeVisibleAsync();

            var salesforce = world.Site("globex").Salesforce;
            await app.GetByRole(AriaRole.Link, new() { Name = "+ External Source" }).First.ClickAsync();
            await ChooseTypeAsync(app, "Salesforce", "My Domain URL");
            await app.GetByLabel("Source name").FillAsync("Globex CRM");
            await app.GetByLabel("My Domain URL").FillAsync($"{world.SandboxUrl}/salesforce/globex");
            await app.GetByLabel("Consumer key").FillAsync(salesforce.ClientId);
            await app.GetByLabel("Consumer secret").FillAsync(salesforce.ClientSecret);
            await app.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
            await ExpectConnectedAsync(app, "Globex CRM");
            await Expect(app.GetByText("API requests left in the last 24 hours")).ToBeVisibleAsync();

            await app.GetByRole(AriaRole.Link, new() { Name = "+ External Source" }).First.ClickAsync();
            await ChooseTypeAsync(app, "HubSpot", "Access token");
            await app.GetByLabel("Source name").FillAsync("Globex marketing");
            await app.GetByLabel("Access token", new() { Exact = true }).FillAsync(world.Site("globex").HubSpot.ContactsOnlyToken);
            await app.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
            var refused = app.GetByRole(AriaRole.Alertdialog, new() { Name = "We could not connect to this source" });
            await Expect(refused).ToContainTextAsync("Give it the scopes crm.objects.contacts.read and crm.objects.companies.read");
            await refused.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
            await app.GetByLabel("Access token", new() { Exact = true }).FillAsync(world.Site("globex").HubSpot.AccessToken);
            await app.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
            await ExpectConnectedAsync(app, "Globex marketing");

            await app.GetByRole(AriaRole.Link, new() { Name = "+ External Source" }).First.ClickAsync();
            await ChooseTypeAsync(app, "CSV file", "CSV file");
            await app.GetByLabel("Source name").FillAsync("Partner list");
            await app.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload
            {
                Name = "partners.csv", MimeType = "text/csv", Buffer = "Email;Name\nada@x.example;Ada\n"u8.ToArray(),
            });
            await app.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
            await ExpectConnectedAsync(app, "Partner list");

            var html = await page.Frames.Single(f => f.Url.StartsWith(world.AppUrl)).ContentAsync();
            Assert.DoesNotContain("org-key-globex", html);
            Assert.DoesNotContain(globex.Admin.ApiToken, html);
            Assert.DoesNotContain(entra.ClientSecret, html);
        });

    [Fact]
    public Task A_wrong_token_shows_a_dialog_with_the_reason_and_adds_no_row() =>
        browser.RunAsync(nameof(A_wrong_token_shows_a_dialog_with_the_reason_and_adds_no_row), async page =>
        {
            var app = await OpenSourcesAsync(page, "globex");
            var acme = world.Site("acme");

            await app.GetByRole(AriaRole.Link, new() { Name = "+ External Source" }).First.ClickAsync();
            await ChooseTypeAsync(app, "Jira Cloud", "Jira URL");
            await app.GetByLabel("Source name").FillAsync("Typo");
            await app.GetByLabel("Jira URL").FillAsync(acme.BaseUrl);
            await app.GetByLabel("User email").FillAsync(acme.Admin.Email);
            await app.GetByLabel("API token").FillAsync("not-the-token");
            await app.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();

            var dialog = app.GetByRole(AriaRole.Alertdialog, new() { Name = "We could not connect to this source" });
            await Expect(dialog).ToBeVisibleAsync();
            await Expect(dialog).ToContainTextAsync("did not accept this email and API token");
            await page.Keyboard.PressAsync("Escape");
            await Expect(dialog).ToBeHiddenAsync();

            await app.GetByRole(AriaRole.Link, new() { Name = "← External Sources" }).ClickAsync();
            await Expect(app.GetByRole(AriaRole.Heading, new() { Name = "External Sources", Exact = true })).ToBeVisibleAsync();
            await Expect(app.GetByRole(AriaRole.Cell, new() { Name = "Typo", Exact = true })).ToHaveCountAsync(0);
        });

    [Fact]
    public Task An_admin_edits_without_retyping_the_key_then_deletes_after_confirming() =>
        browser.RunAsync(nameof(An_admin_edits_without_retyping_the_key_then_deletes_after_confirming), async page =>
        {
            var app = await OpenSourcesAsync(page, "umbrella");
            await app.GetByRole(AriaRole.Link, new() { Name = "+ External Source" }).First.ClickAsync();
            await app.GetByLabel("Source name").FillAsync("Umbrella org");
            await app.GetByLabel("API key").FillAsync("org-key-umbrella");
            await app.GetByLabel("Expires on").FillAsync(InDays(60));
            await app.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
            await ExpectConnectedAsync(app, "Umbrella org");

            // Edit opens in a dialog on the list, focus on its first field; Cancel closes it and returns focus.
            var edit = app.GetByRole(AriaRole.Link, new() { Name = "Edit Umbrella org" });
            await edit.ClickAsync();
            var editor = app.GetByRole(AriaRole.Dialog, new() { Name = "Edit Umbrella org" });
            await Expect(editor.GetByLabel("Source name")).ToBeFocusedAsync();
            await editor.GetByRole(AriaRole.Link, new() { Name = "Cancel" }).ClickAsync();
            await Expect(editor).ToHaveCountAsync(0);
            await Expect(edit).ToBeFocusedAsync();
            await edit.ClickAsync();
            await Expect(editor.GetByLabel("API key")).ToHaveValueAsync("");
            await editor.GetByLabel("Source name").FillAsync("Umbrella organization");
            await editor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await ExpectConnectedAsync(app, "Umbrella organization");

            // Delete asks in a modal on the list; Cancel closes it and puts focus back on the row's Delete.
            var delete = app.GetByRole(AriaRole.Link, new() { Name = "Delete Umbrella organization" });
            await delete.ClickAsync();
            var dialog = app.GetByRole(AriaRole.Alertdialog, new() { Name = "Delete “Umbrella organization”?" });
            await Expect(dialog).ToBeVisibleAsync();
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
            await Expect(dialog).ToBeHiddenAsync();
            await Expect(delete).ToBeFocusedAsync();
            await delete.ClickAsync();
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
            await Expect(app.GetByText("External source “Umbrella organization” was deleted.")).ToBeVisibleAsync();
            await Expect(app.GetByRole(AriaRole.Heading, new() { Name = "Connect your first external source" })).ToBeVisibleAsync();
        });

    [Fact]
    public Task Another_site_never_sees_these_sources() =>
        browser.RunAsync(nameof(Another_site_never_sees_these_sources), async page =>
        {
            var app = await OpenSourcesAsync(page, "initech");
            await app.GetByRole(AriaRole.Link, new() { Name = "+ External Source" }).First.ClickAsync();
            await app.GetByLabel("Source name").FillAsync("Initech only");
            await app.GetByLabel("API key").FillAsync("org-key-initech");
            await app.GetByLabel("Expires on").FillAsync(InDays(60));
            await app.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
            await ExpectConnectedAsync(app, "Initech only");

            // Another site, as its admin would open it (one navigation: the site switcher also navigates, and two race).
            if (!world.Site("acme").Installed) await world.InstallAsync("acme");
            await page.GotoAsync($"{world.SandboxUrl}/site/acme/admin/external-sources");
            var other = page.FrameLocator("#app-frame");
            await Expect(other.GetByRole(AriaRole.Heading, new() { Name = "External Sources", Exact = true })).ToBeVisibleAsync();
            await Expect(other.GetByText("Initech only")).ToHaveCountAsync(0);
        });

    [Fact]
    public Task A_workbook_named_csv_and_a_delimiter_that_does_not_fit_are_refused_with_the_reason() =>
        browser.RunAsync(nameof(A_workbook_named_csv_and_a_delimiter_that_does_not_fit_are_refused_with_the_reason), async page =>
        {
            var app = await OpenSourcesAsync(page, "hooli");
            await app.GetByRole(AriaRole.Link, new() { Name = "+ External Source" }).First.ClickAsync();
            await ChooseTypeAsync(app, "CSV file", "CSV file");
            await app.GetByLabel("Source name").FillAsync("Not a CSV");
            await app.GetByLabel("CSV file", new() { Exact = true }).SetInputFilesAsync(new FilePayload
            {
                Name = "customers.csv", MimeType = "text/csv", Buffer = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00],
            });
            await app.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
            var dialog = app.GetByRole(AriaRole.Alertdialog, new() { Name = "We could not connect to this source" });
            await Expect(dialog).ToContainTextAsync("This file is not text: it looks like a ZIP archive, such as an Excel workbook (.xlsx).");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

            await app.GetByLabel("Delimiter").SelectOptionAsync(";");
            await app.GetByLabel("CSV file", new() { Exact = true }).SetInputFilesAsync(new FilePayload
            {
                Name = "customers.csv", MimeType = "text/csv", Buffer = "Email,Name\nada@x.example,Ada\n"u8.ToArray(),
            });
            await app.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
            await Expect(dialog).ToContainTextAsync("With semicolon (;) as the delimiter the header is a single column, but comma (,) splits it into 2 columns.");
        });

    [Fact]
    public Task Typed_values_survive_switching_the_type_and_errors_are_red_and_focused() =>
        browser.RunAsync(nameof(Typed_values_survive_switching_the_type_and_errors_are_red_and_focused), async page =>
        {
            var app = await OpenSourcesAsync(page, "initech");
            await app.GetByRole(AriaRole.Link, new() { Name = "+ External Source" }).First.ClickAsync();
            await app.GetByLabel("Source name").FillAsync("Partners of initech");
            await app.GetByLabel("API key").FillAsync("a-secret-that-must-not-travel");

            await ChooseTypeAsync(app, "Jira Cloud", "Jira URL");
            await Expect(app.GetByLabel("Source name")).ToHaveValueAsync("Partners of initech");
            await app.GetByLabel("Jira URL").FillAsync("globex");
            await app.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();

            // Sent back with errors: the first one has focus and a red border, whatever the input's own type rule says.
            var url = app.GetByLabel("Jira URL");
            await Expect(url).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(url).ToBeFocusedAsync();
            await Expect(url).ToHaveCSSAsync("border-top-color", "rgb(226, 72, 61)");
            await ChooseTypeAsync(app, "Atlassian organization", "API key");
            await Expect(app.GetByLabel("API key")).ToHaveValueAsync("");
        });

    [Fact]
    public Task The_frame_shrinks_to_a_short_page_after_a_long_one_so_a_dialog_opens_where_the_admin_looks() =>
        browser.RunAsync(nameof(The_frame_shrinks_to_a_short_page_after_a_long_one_so_a_dialog_opens_where_the_admin_looks), async page =>
        {
            await page.SetViewportSizeAsync(1280, 720);
            var app = await OpenSourcesAsync(page, "initech");
            var frame = page.Locator("#app-frame");
            var tall = await SettledHeightAsync(frame);

            await app.GetByRole(AriaRole.Link, new() { Name = "+ External Source" }).First.ClickAsync();
            await ChooseTypeAsync(app, "HubSpot", "Access token");
            await app.GetByLabel("Source name").FillAsync("Initech marketing");
            await app.GetByLabel("Access token", new() { Exact = true }).FillAsync("pat-na1-initech-wrong");
            await app.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
            var dialog = app.GetByRole(AriaRole.Alertdialog, new() { Name = "We could not connect to this source" });
            await Expect(dialog).ToBeVisibleAsync();

            Assert.True(await SettledHeightAsync(frame) < tall, "the frame kept the long page's height");
            var box = (await dialog.BoundingBoxAsync())!;
            Assert.True(box.Y + box.Height <= 720, $"the dialog ends at {box.Y + box.Height} px, below the 720 px the admin sees");
        });

    /// <summary>The frame's height once the page inside has sized it (it does so when it has loaded).</summary>
    static async Task<float> SettledHeightAsync(ILocator frame)
    {
        float? last = null;
        for (var i = 0; i < 50; i++)
        {
            var height = (await frame.BoundingBoxAsync())!.Height;
            if (height == last) return height;
            last = height;
            await Task.Delay(100);
        }
        return last!.Value;
    }

    async Task<IFrameLocator> OpenSourcesAsync(IPage page, string site)
    {
        if (!world.Site(site).Installed) await world.InstallAsync(site);
        await page.GotoAsync($"{world.SandboxUrl}/site/{site}/admin/external-sources");
        var app = page.FrameLocator("#app-frame");
        await Expect(app.GetByRole(AriaRole.Heading, new() { Name = "External Sources", Exact = true })).ToBeVisibleAsync();
        return app;
    }

    /// <summary>The type tabs are links: wait for the new form before typing into it.</summary>
    static async Task ChooseTypeAsync(IFrameLocator app, string tab, string fieldOfThatType)
    {
        await app.GetByRole(AriaRole.Link, new() { Name = tab }).ClickAsync();
        await Expect(app.GetByLabel(fieldOfThatType, new() { Exact = true })).ToBeVisibleAsync();
    }

    static async Task ExpectConnectedAsync(IFrameLocator app, string name)
    {
        await Expect(app.GetByText($"External source “{name}” is connected and saved.")).ToBeVisibleAsync();
        var row = app.GetByRole(AriaRole.Row).Filter(new() { Has = app.GetByRole(AriaRole.Cell, new() { Name = name, Exact = true }) });
        await Expect(row.Locator(".lozenge")).ToHaveTextAsync("Connected");
    }
}
