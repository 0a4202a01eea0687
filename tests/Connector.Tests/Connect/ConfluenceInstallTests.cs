using System.Net.Http.Headers;
using System.Security.Cryptography;
using Connector.Sandbox.Faults;
using Connector.Sandbox.Sites;
using Connector.Tests.Infrastructure;
using Connector.Web.Connect.Jwt;
using Connector.Web.Connect.Product;
using Connector.Web.Connections;
using Connector.Web.Imports;
using Connector.Web.Platform.Database;
using Connector.Web.Platform.Secrets;
using Connector.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tests.Connect;

/// <summary>
/// The app installed into Confluence (baseUrl …/wiki) as its own Connect app below /confluence, through real HTTP
/// against the sandbox's Confluence: lifecycle, page tokens, the admin check, and imports into the site's CSM.
/// </summary>
public sealed class ConfluenceInstallTests(ConnectWorld<ConfluenceInstallTests> world) : IClassFixture<ConnectWorld<ConfluenceInstallTests>>
{
    const SiteProduct Confluence = SiteProduct.Confluence;

    RequestCounts Counts => world.Sandbox.Services.GetRequiredService<RequestCounts>();

    [Fact]
    public async Task A_signed_install_into_Confluence_is_a_tenant_of_its_own_beside_the_sites_Jira()
    {
        await world.InstallAsync("acme");
        await world.InstallAsync("acme", Confluence);
        var site = world.Site("acme");

        var tenants = await world.WithDbAsync(db => db.Set<Tenant>().Where(t => t.ClientKey == site.Jira.ClientKey || t.ClientKey == site.Confluence.ClientKey).ToListAsync());
        var confluence = tenants.Single(t => t.ClientKey == site.Confluence.ClientKey);
        var jira = tenants.Single(t => t.ClientKey == site.Jira.ClientKey);
        Assert.Equal(site.BaseUrl + "/wiki", confluence.BaseUrl);
        Assert.Equal("confluence", confluence.ProductType);
        Assert.Equal(site.BaseUrl, confluence.SiteUrl);
        Assert.Equal(site.CloudId, confluence.CloudId); // asked at the site's root, not below /wiki
        Assert.Equal(jira.CloudId, confluence.CloudId);
        Assert.NotEqual(jira.Id, confluence.Id);
        var protector = world.App.Services.GetRequiredService<SecretProtector>();
        Assert.Equal(site.Confluence.SharedSecret, protector.Unprotect(confluence.SharedSecretProtected!));
        Assert.NotEqual(site.Jira.SharedSecret, site.Confluence.SharedSecret);
    }

    // Where the install is posted, whose app its aud and qsh name, its productType, and what the app answers.
    [Theory]
    [InlineData("/confluence", "/confluence", "confluence", 204)]
    [InlineData("", "/confluence", "confluence", 401)]
    [InlineData("/confluence", "", "confluence", 401)]
    [InlineData("/confluence", "/confluence", "jira", 400)]
    [InlineData("", "", "confluence", 400)]
    public async Task Each_app_accepts_only_installs_signed_for_it_from_its_own_product(string postedTo, string signedFor, string productType, int expected)
    {
        var clientKey = Guid.NewGuid().ToString();
        var url = world.AppUrl + postedTo + "/connect/installed";
        var claims = ForgedTokens.Claims(clientKey, QueryStringHash.ForUri("POST", new Uri(url), new Uri(world.AppUrl + signedFor + "/")), "admin");
        claims["aud"] = world.AppUrl + signedFor;
        var key = signedFor == "/confluence" ? "multisource-connector-csm-confluence" : "multisource-connector-csm";
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(new
            {
                key, clientKey, sharedSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
                baseUrl = "https://forged.atlassian.net/wiki", productType, eventType = "installed",
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("JWT", ForgedTokens.Sign(claims, world.InstallKey.Credentials));

        using var response = await world.Http.SendAsync(request);

        Assert.Equal(expected, (int)response.StatusCode);
        Assert.Equal(expected == 204, await world.WithDbAsync(db => db.Set<Tenant>().AnyAsync(t => t.ClientKey == clientKey)));
    }

    public static TheoryData<string, HttpStatusCode> PageRequests => new()
    {
        { "no token", HttpStatusCode.Unauthorized },
        { "HS256 with a wrong secret", HttpStatusCode.Unauthorized },
        { "expired", HttpStatusCode.Unauthorized },
        { "context-qsh", HttpStatusCode.Unauthorized },
        { "qsh that keeps /confluence in the path", HttpStatusCode.Unauthorized },
        { "the site's Jira token for this URL", HttpStatusCode.Unauthorized },
        { "this token at the Jira app's URL", HttpStatusCode.Unauthorized },
        { "non-admin user", HttpStatusCode.Forbidden },
        { "admin user", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(PageRequests))]
    public async Task Confluence_pages_demand_a_qsh_bound_token_of_a_Confluence_admin_for_the_Confluence_app(string request, HttpStatusCode expected)
    {
        var site = await InstalledAsync("globex");
        if (!site.Jira.Installed) await world.InstallAsync("globex"); // the site's other app, whose tokens must not open these pages
        const string pathAndQuery = "/getting-started?lic=none&cp=%2Fwiki";
        var confluenceQsh = QueryStringHash.Compute("GET", "/getting-started", "lic=none&cp=%2Fwiki");
        var claims = ForgedTokens.Claims(site.Confluence.ClientKey, confluenceQsh, site.Admin.AccountId);
        var secret = site.Confluence.SharedSecret!;
        var url = world.AppUrl + "/confluence" + pathAndQuery;
        string? token = request switch
        {
            "no token" => null,
            "HS256 with a wrong secret" => ForgedTokens.Hmac(claims, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48))),
            "expired" => ForgedTokens.Hmac(ForgedTokens.Claims(site.Confluence.ClientKey, confluenceQsh, site.Admin.AccountId, TimeSpan.FromMinutes(-2)), secret),
            "context-qsh" => ForgedTokens.Hmac(ForgedTokens.With(claims, "qsh", QueryStringHash.ContextQsh), secret),
            "qsh that keeps /confluence in the path" => ForgedTokens.Hmac(ForgedTokens.With(claims, "qsh", QueryStringHash.Compute("GET", "/confluence/getting-started", "lic=none&cp=%2Fwiki")), secret),
            "the site's Jira token for this URL" => ForgedTokens.Hmac(ForgedTokens.With(claims, "iss", site.Jira.ClientKey), site.Jira.SharedSecret!),
            "this token at the Jira app's URL" => ForgedTokens.Hmac(claims, secret),
            "non-admin user" => ForgedTokens.Hmac(ForgedTokens.With(claims, "sub", site.Agent.AccountId), secret),
            _ => ForgedTokens.Hmac(claims, secret),
        };
        if (request == "this token at the Jira app's URL") url = world.AppUrl + pathAndQuery;

        using var response = await world.Http.GetAsync(token is null ? url : $"{url}&jwt={token}");

        Assert.Equal(expected, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        if (expected == HttpStatusCode.Forbidden)
            Assert.Contains("Forbidden: only Confluence administrators can use MultiSource Connector", html);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Contains("Get started with MultiSource Connector", html);
            // Framed by the site itself: Confluence's origin is the site's, /wiki is only a path.
            Assert.Contains(new Uri(site.BaseUrl).GetLeftPart(UriPartial.Authority), response.Headers.GetValues("Content-Security-Policy").Single());
        }
    }

    [Fact]
    public async Task The_admin_check_asks_Confluences_user_API_signed_relative_to_wiki_which_refuses_a_Jira_call_with_the_same_token()
    {
        var site = await InstalledAsync("initech");
        Counts.Reset();

        using var admin = await world.Http.GetAsync(world.FrameUrl("initech", "/getting-started", product: Confluence));
        using var agent = await world.Http.GetAsync(world.FrameUrl("initech", "/getting-started", site.Agent.AccountId, Confluence));

        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, agent.StatusCode);
        // The sandbox checks the qsh relative to the Confluence baseUrl (…/wiki): a wrongly signed call would be a 401 and no page.
        Assert.Equal(2, Counts["initech GET /wiki/rest/api/user"]);
        Assert.Equal(0, Counts["initech POST /rest/api/3/permissions/check"]);

        // Why JSM and CSM go with the stored credential: the site's Jira refuses a Confluence install's JWT.
        var tenant = await ConfluenceTenantAsync("initech");
        var jiraUrl = new Uri($"{site.BaseUrl}/rest/api/3/permissions/check");
        using var call = new HttpRequestMessage(HttpMethod.Post, jiraUrl)
        {
            Content = JsonContent.Create(new { accountId = site.Admin.AccountId, globalPermissions = new[] { "ADMINISTER" } }),
        };
        call.Headers.Authorization = new("JWT", world.App.Services.GetRequiredService<ConnectAppCredentials>().CreateToken(HttpMethod.Post, jiraUrl, tenant));
        using var refused = await world.Http.SendAsync(call);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Build_Test_and_Full_Import_from_Confluence_write_to_the_sites_CSM_and_the_sites_Jira_tenant_sees_none_of_it()
    {
        var site = await InstalledAsync("hooli");
        await world.InstallAsync("hooli");
        world.Site("umbrella").People = new Connector.Sandbox.Data.DataSet { Users = 40, Companies = 4, Seed = 3 };
        var session = await AppSession.OpenAsync(world, "hooli", product: Confluence);
        var (_, saved) = await session.PostAsync("/settings", new() { ["Email"] = site.Admin.Email, ["ApiToken"] = site.Admin.ApiToken });
        Assert.Contains("CSM access is connected and saved.", saved);
        Assert.Contains("Customers and organizations go to the Customer", saved);

        var connection = await world.ConnectionFromJiraAsync("hooli", "umbrella", product: Confluence);
        var build = await world.BuildAsync("hooli", connection.Id, Confluence);
        Assert.Contains(build, line => line.Outcome == BuildOutcome.Created);
        var test = await world.WaitForRunAsync((await world.StartRunAsync("hooli", connection.Id, RunKind.Test, Confluence)).Run.Id);
        Assert.Equal(RunStatus.Succeeded, test.Status);
        Assert.Equal(10, site.Csm.Customers().Count);
        var full = await world.WaitForRunAsync((await world.StartRunAsync("hooli", connection.Id, RunKind.Full, Confluence)).Run.Id);

        Assert.Equal(RunStatus.Succeeded, full.Status);
        Assert.Equal(full.Created + 10, site.Csm.Customers().Count);
        Assert.NotEmpty(site.Csm.Organizations());
        Assert.True(Counts["hooli POST /rest/servicedeskapi/customer"] > 0);
        // The Jira tenant of the same site holds nothing of the Confluence tenant's.
        var jiraConnections = await world.InTenantAsync("hooli", services => services.GetRequiredService<ConnectorDb>().Set<Connection>().CountAsync());
        var jiraRuns = await world.InTenantAsync("hooli", services => services.GetRequiredService<ConnectorDb>().Set<ImportRun>().CountAsync());
        Assert.Equal((0, 0), (jiraConnections, jiraRuns));
        var jiraSession = await AppSession.OpenAsync(world, "hooli");
        var (_, jiraPage) = await jiraSession.GetAsync("/connections");
        Assert.DoesNotContain(connection.Name, jiraPage);
        var (_, confluencePage) = await session.GetAsync("/connections");
        Assert.Contains(connection.Name, confluencePage);
    }

    [Fact]
    public async Task Settings_says_so_in_an_admins_words_when_the_site_has_no_Jira_Service_Management()
    {
        var site = await InstalledAsync("umbrella");
        var session = await AppSession.OpenAsync(world, "umbrella", product: Confluence);
        await world.SetFaultsAsync("umbrella", new FaultSettings { PathPrefix = "/rest/servicedeskapi", ErrorRatio = 1, FailStatus = 404 });
        try
        {
            var (status, html) = await session.PostAsync("/settings", new() { ["Email"] = site.Admin.Email, ["ApiToken"] = site.Admin.ApiToken });

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("This site has no Jira Service Management, where a Confluence install&#x27;s customers go.", html);
            Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/connections")).Status);
        }
        finally
        {
            await world.ClearFaultsAsync("umbrella");
        }
    }

    [Fact]
    public async Task An_emails_link_opens_the_page_inside_Confluence_with_the_Confluence_app()
    {
        var site = await InstalledAsync("acme");
        var tenant = await ConfluenceTenantAsync("acme");
        var link = world.App.Services.GetServices<Connector.Web.Tenancy.IAppLinks>().First(l => l.Serves(tenant))
            .PageUrl(tenant, "connections", new Dictionary<string, string> { ["run"] = "42" });

        Assert.Equal($"{site.BaseUrl}/wiki/plugins/servlet/ac/multisource-connector-csm-confluence/connections?ac.run=42", link);
        using var followed = await world.Http.GetAsync(link);
        Assert.Equal($"/site/acme/wiki/admin/connections?ac.run=42", followed.Headers.Location!.ToString());
        var host = await world.Http.GetStringAsync(world.SandboxUrl + followed.Headers.Location);
        Assert.Contains($"src=\"{world.AppUrl}/confluence/connections?ac.run=42&amp;", host);
    }

    async Task<Site> InstalledAsync(string name)
    {
        if (!world.Site(name).Confluence.Installed) await world.InstallAsync(name, Confluence);
        return world.Site(name);
    }

    Task<Tenant> ConfluenceTenantAsync(string name) =>
        world.WithDbAsync(db => db.Set<Tenant>().SingleAsync(t => t.ClientKey == world.Site(name).Confluence.ClientKey));
}
