using System.Net;
using Connector.Tests.Infrastructure;
using Connector.Web.Platform.Http;

namespace Connector.Tests.Sources;

/// <summary>A world as production runs it: sources may not reach loopback. "localhost" is an allowed site domain here
/// only so that a host passing the name check can be shown to be refused at connect time.</summary>
public sealed class NoLoopbackWorld : ConnectWorld<SsrfTests>
{
    protected override Dictionary<string, string?> AppSettings => new()
    {
        ["Sources:AllowLoopback"] = "false",
        ["Sources:AllowedSiteDomains:3"] = "localhost",
    };
}

/// <summary>
/// No server-side request forgery through sources: a tenant's typed address is called only when it is an Atlassian
/// site and resolves to public addresses, checked where the socket connects; redirects are not followed.
/// </summary>
public sealed class SsrfTests(NoLoopbackWorld world) : IClassFixture<NoLoopbackWorld>
{
    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.8.9.10", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("::", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd12:3456::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("172.32.0.1", true)]
    [InlineData("104.192.136.7", true)]
    [InlineData("2606:4700::1111", true)]
    public void Only_public_addresses_are_public(string address, bool isPublic) =>
        Assert.Equal(isPublic, AddressRanges.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://192.168.0.1/")]
    [InlineData("http://[::1]:1/")]
    public async Task A_call_to_a_private_or_metadata_address_is_refused_before_it_connects(string url)
    {
        using var client = new HttpClient(PublicAddressGuard.Handler(allowLoopback: false)) { Timeout = TimeSpan.FromSeconds(10) };

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(url));

        Assert.IsType<AddressRefusedException>(refused.InnerException);
    }

    [Fact]
    public async Task Loopback_is_refused_by_address_by_mapped_address_and_by_a_name_that_resolves_to_it_unless_allowed()
    {
        var port = new Uri(world.SandboxUrl).Port;
        using var guarded = new HttpClient(PublicAddressGuard.Handler(allowLoopback: false)) { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var url in new[] { $"http://127.0.0.1:{port}/sandbox/sites", $"http://[::ffff:127.0.0.1]:{port}/sandbox/sites", $"http://localhost:{port}/sandbox/sites" })
            Assert.IsType<AddressRefusedException>((await Assert.ThrowsAsync<HttpRequestException>(() => guarded.GetAsync(url))).InnerException);

        // The sandbox's opt-in reaches the same server: the refusals above were the guard, not a closed port.
        using var sandbox = new HttpClient(PublicAddressGuard.Handler(allowLoopback: true));
        Assert.Equal(HttpStatusCode.OK, (await sandbox.GetAsync($"http://127.0.0.1:{port}/sandbox/sites")).StatusCode);
    }

    [Theory]
    [InlineData("10.1.2.3", "", false)]
    [InlineData("10.1.2.3", "10.0.0.0/8", true)]
    [InlineData("::ffff:10.1.2.3", "10.0.0.0/8", true)]
    [InlineData("192.168.1.1", "10.0.0.0/8", false)]
    [InlineData("169.254.169.254", "10.0.0.0/8", false)]
    [InlineData("fd12:3456::1", "fd12:3456::/32", true)]
    public void A_private_address_is_called_only_inside_a_network_the_operator_allowed(string address, string allowed, bool permitted) =>
        Assert.Equal(permitted, PublicAddressGuard.Permits(IPAddress.Parse(address), allowLoopback: false,
            allowed.Length == 0 ? [] : [System.Net.IPNetwork.Parse(allowed)]));

    [Fact]
    public async Task An_allowed_private_network_is_reached_where_it_would_otherwise_be_refused()
    {
        var url = $"{world.SandboxUrl}/sandbox/sites";
        using var allowed = new HttpClient(PublicAddressGuard.Handler(allowLoopback: false, [System.Net.IPNetwork.Parse("127.0.0.0/8")]));

        Assert.Equal(HttpStatusCode.OK, (await allowed.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task A_redirect_is_not_followed()
    {
        using var sandbox = new HttpClient(PublicAddressGuard.Handler(allowLoopback: true));

        using var response = await sandbox.GetAsync($"{world.SandboxUrl}/site/acme/plugins/servlet/ac/app/module");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task A_Jira_source_outside_Atlassian_or_resolving_to_loopback_is_refused_with_what_is_allowed()
    {
        var admin = await AppSession.OpenAsync(world, "acme");
        var globex = world.Site("globex");
        Dictionary<string, string> Form(string site) => new()
        {
            ["Input.Name"] = $"Probe {Guid.NewGuid():N}", ["Input.SiteUrl"] = site, ["Input.Email"] = globex.Admin.Email, ["Input.ApiToken"] = globex.Admin.ApiToken,
        };

        var (_, byAddress) = await admin.PostAsync("/sources/edit?type=JiraCloud", Form(globex.BaseUrl));
        var (_, elsewhere) = await admin.PostAsync("/sources/edit?type=JiraCloud", Form("https://intranet.example.org"));
        var (_, byName) = await admin.PostAsync("/sources/edit?type=JiraCloud", Form(globex.BaseUrl.Replace("127.0.0.1", "localhost")));

        const string allowed = "Only Atlassian Cloud sites can be sources: addresses ending in .atlassian.net, .jira.com, .jira-dev.com";
        Assert.Contains(allowed, byAddress);
        Assert.Contains(allowed, elsewhere);
        Assert.Contains("localhost is on a private or local network, which MultiSource Connector does not call.", byName);
        Assert.Equal(0, await world.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.IgnoreQueryFilters(db.Set<Connector.Web.Sources.ExternalSource>()))));
    }
}
