using System.Text;
using Connector.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connector.Tests.EndToEnd;

/// <summary>The whole product as an admin uses it: access, source, connection, Build, Test, Full Import, the run's log.</summary>
public sealed class ConnectionsTests(ConnectWorld<ConnectionsTests> world, Browser browser)
    : IClassFixture<ConnectWorld<ConnectionsTests>>, IClassFixture<Browser>
{
    static byte[] PeopleCsv()
    {
        var csv = new StringBuilder("Email,Name,Company,Customer since\n");
        for (var i = 1; i <= 60; i++) csv.Append($"person{i}@partner{i % 4}.example,Person {i},Partner {i % 4},{(i == 42 ? "sometime" : "2024-03-01")}\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    [Fact]
    public Task An_admin_builds_tests_and_fully_imports_a_connection_and_reads_its_log() =>
        browser.RunAsync(nameof(An_admin_builds_tests_and_fully_imports_a_connection_and_reads_its_log), async page =>
        {
            var site = world.Site("acme");
            if (!site.Installed) await world.InstallAsync("acme");
            await page.GotoAsync($"{world.SandboxUrl}/site/acme/admin/settings");
            var app = page.FrameLocator("#app-frame");

            await app.GetByLabel("Jira administrator's email").FillAsync(site.Admin.Email);
            await app.GetByLabel("API token").FillAsync(site.Admin.ApiToken);
            await app.GetByRole(AriaRole.Button, new() { Name = "Check and save" }).ClickAsync();
            await Expect(app.GetByText("CSM access is connected and saved.")).ToBeVisibleAsync();

            await app.GetByRole(AriaRole.Navigation, new() { Name = "App pages" }).GetByRole(AriaRole.Link, new() { Name = "External Sources" }).ClickAsync();
            await app.GetByRole(AriaRole.Link, new() { Name = "+ External Source" }).First.ClickAsync();
            await app.GetByRole(AriaRole.Link, new() { Name = "CSV file" }).ClickAsync();
            await Expect(app.GetByLabel("CSV file", new() { Exact = true })).ToBeVisibleAsync();
            await app.GetByLabel("Source name").FillAsync("Partner contacts");
            await app.GetByLabel("CSV file", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "partners.csv", MimeType = "text/csv", Buffer = PeopleCsv() });
            await app.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
            await Expect(app.GetByText("External source “Partner contacts” is connected and saved.")).ToBeVisibleAsync();

            await app.GetByRole(AriaRole.Navigation, new() { Name = "App pages" }).GetByRole(AriaRole.Link, new() { Name = "Connections" }).ClickAsync();
            await app.GetByRole(AriaRole.Link, new() { Name = "+ Connection" }).First.ClickAsync();
            await app.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
            await app.GetByLabel("Name", new() { Exact = true }).FillAsync("Partners into CSM");
            await Expect(app.GetByLabel("Customers and organizations")).ToBeCheckedAsync();
            await app.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(app.GetByText("Connection “Partners into CSM” is saved.")).ToBeVisibleAsync();

            await app.GetByRole(AriaRole.Button, new() { Name = "Step 1: Build fields for Partners into CSM" }).ClickAsync();
            await Expect(app.GetByText("1 field created, 0 already present.")).ToBeVisibleAsync();
            await Expect(app.GetByRole(AriaRole.Row).Filter(new() { HasText = "Customer since" })).ToContainTextAsync("Created");
            await app.GetByRole(AriaRole.Link, new() { Name = "← Connections" }).ClickAsync();

            await app.GetByRole(AriaRole.Button, new() { Name = "Step 2: Test import of Partners into CSM" }).ClickAsync();
            await Expect(app.Locator("[data-field=status]")).ToHaveTextAsync("Succeeded", new() { Timeout = 30_000 });
            await Expect(app.Locator("#run")).ToHaveAttributeAsync("data-active", "false"); // the page has reloaded with the finished run
            await Expect(app.Locator("[data-field=read]")).ToHaveTextAsync("10");
            Assert.Equal(10, site.Csm.Customers().Count);
            await app.GetByRole(AriaRole.Link, new() { Name = "← Connections" }).ClickAsync();

            await app.GetByRole(AriaRole.Button, new() { Name = "Step 3: Full Import of Partners into CSM" }).ClickAsync();
            await Expect(app.GetByRole(AriaRole.Progressbar, new() { Name = "Import progress" })).ToHaveAttributeAsync("aria-valuenow", "100", new() { Timeout = 30_000 });
            await Expect(app.Locator("[data-field=status]")).ToHaveTextAsync("Partial");
            await Expect(app.Locator("#run")).ToHaveAttributeAsync("data-active", "false"); // the page has reloaded with the finished run
            await Expect(app.Locator("[data-field=failed]")).ToHaveTextAsync("1");
            Assert.Equal(59, site.Csm.Customers().Count);
            Assert.Equal(4, site.Csm.Organizations().Count);

            await app.GetByRole(AriaRole.Link, new() { Name = "Errors" }).ClickAsync();
            // The run page and its Errors view look alike; wait for the new page before typing into it.
            await Expect(app.GetByRole(AriaRole.Link, new() { Name = "Errors" })).ToHaveAttributeAsync("aria-current", "page");
            await Expect(app.GetByRole(AriaRole.Cell, new() { Name = "person42@partner2.example", Exact = true })).ToBeVisibleAsync();
            await Expect(app.GetByText("Customer since: \"sometime\" is not a date")).ToBeVisibleAsync();
            await app.GetByLabel("Find a record").FillAsync("PERSON42@");
            await app.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
            await Expect(app.GetByText("1 entry for records matching “PERSON42@”")).ToBeVisibleAsync();
            await Expect(app.GetByRole(AriaRole.Link, new() { Name = "Errors" })).ToHaveAttributeAsync("aria-current", "page");
            await Expect(app.GetByRole(AriaRole.Cell, new() { Name = "person42@partner2.example", Exact = true })).ToBeVisibleAsync();
            var download = await page.RunAndWaitForDownloadAsync(() => app.GetByRole(AriaRole.Link, new() { Name = "Export failed and skipped (CSV)" }).ClickAsync());
            var exported = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("Outcome,Record,What happened,Time (Europe/Berlin)", exported[0].TrimStart('\uFEFF'));
            // The export counts what the run counts: one failed record, no skipped one.
            Assert.Single(exported, line => line.StartsWith("Failed,", StringComparison.Ordinal));
            Assert.StartsWith("Failed,\"person42@partner2.example\",\"Customer since: \"\"sometime\"\" is not a date", exported[1]);
            Assert.DoesNotContain(exported, line => line.StartsWith("Skipped,", StringComparison.Ordinal));

            // Retry failed records: the page says what it does, and only the failed record is written again.
            await app.GetByRole(AriaRole.Button, new() { Name = "Retry failed records" }).ClickAsync();
            await Expect(app.GetByText("Retrying the 1 failed record of the")).ToBeVisibleAsync();
            await Expect(app.Locator("#run[data-active=false] [data-field=status]")).ToHaveTextAsync("Partial", new() { Timeout = 30_000 });
            await Expect(app.Locator("[data-field=unchanged]")).ToHaveTextAsync("59");

            await app.GetByRole(AriaRole.Link, new() { Name = "← Connections" }).ClickAsync();
            await Expect(app.GetByText("The Standard edition includes one connection")).ToBeVisibleAsync();
            await Expect(app.GetByRole(AriaRole.Link, new() { Name = "+ Connection" })).ToHaveCountAsync(0);
        });
}
