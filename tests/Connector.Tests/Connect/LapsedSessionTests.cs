using System.Text.Json;
using Connector.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connector.Tests.Connect;

/// <summary>A world whose session tokens lapse two seconds after they are issued, with no leeway.</summary>
public sealed class LapsedSessionWorld : ConnectWorld<LapsedSessionTests>
{
    protected override Dictionary<string, string?> AppSettings => new()
    {
        ["Tenancy:SessionTokenLifetime"] = "00:00:02",
        ["Tenancy:ClockSkew"] = "00:00:00",
    };
}

/// <summary>
/// A refused page never shows the browser's broken-frame page: it is HTML that the product may frame when
/// the token was the site's own and merely lapsed, says what to do, and names support. A forged token gets
/// the same words but no framing, so nobody learns whether a tenant exists.
/// </summary>
public sealed class LapsedSessionTests(LapsedSessionWorld world, Browser browser) : IClassFixture<LapsedSessionWorld>, IClassFixture<Browser>
{
    [Fact]
    public Task A_form_sent_after_the_session_lapsed_renews_it_first_and_nothing_typed_is_lost() =>
        browser.RunAsync(nameof(A_form_sent_after_the_session_lapsed_renews_it_first_and_nothing_typed_is_lost), async page =>
        {
            if (!world.Site("globex").Installed) await world.InstallAsync("globex");
            var admin = world.Site("globex").Admin;
            // The page's timers stand still, as on a laptop that slept: its renewal timer never fires.
            // Installed a minute behind, so pausing at "now" is always a step forward (pauseAt cannot go back).
            await page.Clock.InstallAsync(new() { TimeDate = DateTime.UtcNow.AddMinutes(-1) });
            await page.Clock.PauseAtAsync(DateTime.UtcNow);
            await page.GotoAsync($"{world.SandboxUrl}/site/globex/admin/settings");
            var app = page.FrameLocator("#app-frame");
            await app.GetByLabel("Jira administrator's email").FillAsync(admin.Email);
            await app.GetByLabel("API token").FillAsync(admin.ApiToken);

            await Task.Delay(TimeSpan.FromSeconds(3)); // the session token lapses on the server
            await page.Clock.SetSystemTimeAsync(DateTime.UtcNow); // the laptop wakes: the page's clock jumps, no timer fires
            await app.GetByRole(AriaRole.Button, new() { Name = "Check and save" }).ClickAsync();

            await Expect(app.GetByText("CSM access is connected and saved.")).ToBeVisibleAsync();
        });

    [Fact]
    public async Task A_lapsed_session_gets_a_page_the_site_may_frame_that_says_what_to_do()
    {
        var session = await AppSession.OpenAsync(world, "acme");
        await Task.Delay(TimeSpan.FromSeconds(3));

        using var response = await world.Http.GetAsync($"{world.AppUrl}/connections?jwt={session.Token}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Open this page from your Atlassian site</h1>", html);
        Assert.Contains("Reload the page in your browser", html);
        Assert.Contains($"href=\"mailto:{ConnectWorld<LapsedSessionTests>.SupportContact}\"", html);
        Assert.Contains(new Uri(world.Site("acme").BaseUrl).GetLeftPart(UriPartial.Authority), FrameAncestors(response));
    }

    [Fact]
    public async Task A_forged_token_gets_the_same_words_but_only_our_own_origin_may_frame_them()
    {
        var session = await AppSession.OpenAsync(world, "acme");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var parts = session.Token.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{new string('A', parts[2].Length)}";

        using var lapsed = await world.Http.GetAsync($"{world.AppUrl}/connections?jwt={session.Token}");
        using var refused = await world.Http.GetAsync($"{world.AppUrl}/connections?jwt={forged}");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(await lapsed.Content.ReadAsStringAsync(), await refused.Content.ReadAsStringAsync());
        Assert.Equal("'self'", FrameAncestors(refused));
    }

    [Fact]
    public async Task A_script_whose_session_lapsed_gets_the_same_words_as_json()
    {
        var session = await AppSession.OpenAsync(world, "acme");
        await Task.Delay(TimeSpan.FromSeconds(3));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{world.AppUrl}/api/runs/{Guid.NewGuid()}");
        request.Headers.Authorization = new("JWT", session.Token);

        using var response = await world.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Open this page from your Atlassian site", body.GetProperty("error").GetString());
        Assert.Equal($"mailto:{ConnectWorld<LapsedSessionTests>.SupportContact}", body.GetProperty("support").GetString());
    }

    static string FrameAncestors(HttpResponseMessage response) =>
        response.Headers.GetValues("Content-Security-Policy").Single().Split(';').Select(d => d.Trim())
            .Single(d => d.StartsWith("frame-ancestors ", StringComparison.Ordinal))["frame-ancestors ".Length..];
}
