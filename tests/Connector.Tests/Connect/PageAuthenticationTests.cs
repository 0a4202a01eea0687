using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Connector.Tests.Infrastructure;
using Connector.Web.Connect.Jwt;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Tests.Connect;

/// <summary>Who may open an admin page or call the script endpoint, proven through real HTTP.</summary>
public sealed partial class PageAuthenticationTests(ConnectWorld<PageAuthenticationTests> world)
    : IClassFixture<ConnectWorld<PageAuthenticationTests>>
{
    const string PagePath = "/getting-started";
    const string PageQuery = "lic=none&tz=Europe%2FBerlin";
    static readonly string PageQsh = QueryStringHash.Compute("GET", PagePath, PageQuery);

    public static TheoryData<string, HttpStatusCode> PageRequests => new()
    {
        { "no token", HttpStatusCode.Unauthorized },
        { "alg none", HttpStatusCode.Unauthorized },
        { "HS512 with the tenant's secret", HttpStatusCode.Unauthorized },
        { "RS256 signed by Atlassian's install key", HttpStatusCode.Unauthorized },
        { "HS256 with a wrong secret", HttpStatusCode.Unauthorized },
        { "expired", HttpStatusCode.Unauthorized },
        { "issued in the future", HttpStatusCode.Unauthorized },
        { "qsh of another URL", HttpStatusCode.Unauthorized },
        { "context-qsh", HttpStatusCode.Unauthorized },
        { "unknown issuer", HttpStatusCode.Unauthorized },
        { "non-admin user", HttpStatusCode.Forbidden },
        { "admin user", HttpStatusCode.OK },
        { "admin with the token in the Authorization header", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(PageRequests))]
    public async Task Admin_pages_demand_a_qsh_bound_token_of_an_admin(string request, HttpStatusCode expected)
    {
        var site = await InstalledAcmeAsync();
        var claims = ForgedTokens.Claims(site.ClientKey, PageQsh, site.Admin.AccountId);
        string? token = request switch
        {
            "no token" => null,
            "alg none" => ForgedTokens.Unsigned(claims),
            "HS512 with the tenant's secret" => ForgedTokens.Hmac(claims, site.SharedSecret!, SecurityAlgorithms.HmacSha512),
            "RS256 signed by Atlassian's install key" => ForgedTokens.Sign(claims, world.InstallKey.Credentials),
            "HS256 with a wrong secret" => ForgedTokens.Hmac(claims, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48))),
            "expired" => ForgedTokens.Hmac(ForgedTokens.Claims(site.ClientKey, PageQsh, site.Admin.AccountId, TimeSpan.FromMinutes(-2)), site.SharedSecret!),
            "issued in the future" => ForgedTokens.Hmac(ForgedTokens.With(claims, "iat", DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds()), site.SharedSecret!),
            "qsh of another URL" => ForgedTokens.Hmac(ForgedTokens.With(claims, "qsh", QueryStringHash.Compute("GET", "/connections", PageQuery)), site.SharedSecret!),
            "context-qsh" => ForgedTokens.Hmac(ForgedTokens.With(claims, "qsh", QueryStringHash.ContextQsh), site.SharedSecret!),
            "unknown issuer" => ForgedTokens.Hmac(ForgedTokens.With(claims, "iss", Guid.NewGuid().ToString()), site.SharedSecret!),
            "non-admin user" => ForgedTokens.Hmac(ForgedTokens.With(claims, "sub", site.Agent.AccountId), site.SharedSecret!),
            _ => ForgedTokens.Hmac(claims, site.SharedSecret!),
        };

        var url = $"{world.AppUrl}{PagePath}?{PageQuery}";
        var message = new HttpRequestMessage(HttpMethod.Get, url);
        if (request == "admin with the token in the Authorization header") message.Headers.Authorization = new("JWT", token);
        else if (token is not null) message.RequestUri = new Uri($"{url}&jwt={token}");
        using var response = await world.Http.SendAsync(message);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("JWT realm=\"multisource-connector-csm\"", response.Headers.WwwAuthenticate.ToString());
            // The same words for every refusal: nothing tells an attacker whether a tenant exists.
            Assert.Contains("<h1>Open this page from your Atlassian site</h1>", await response.Content.ReadAsStringAsync());
            // Only an authentic token whose time passed lets the site frame the refusal (it says to reload).
            var ancestors = Csp(response).Split("frame-ancestors ")[1];
            if (request == "expired") Assert.Contains(new Uri(world.Site("acme").BaseUrl).GetLeftPart(UriPartial.Authority), ancestors);
            else Assert.Equal("'self'", ancestors);
        }
    }

    [Fact]
    public async Task A_verified_page_hands_out_a_session_token_that_opens_other_pages_without_a_product_token()
    {
        await InstalledAcmeAsync();
        var session = await SessionTokenFromPageAsync(world.FrameUrl("acme", PagePath));

        using var next = await world.Http.GetAsync($"{world.AppUrl}/connections?jwt={session}");

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Contains("<h1>Connections</h1>", await next.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_session_token_signed_by_anyone_else_is_refused()
    {
        var site = await InstalledAcmeAsync();
        var claims = ForgedTokens.Claims("multisource-connector-csm", "", site.Admin.AccountId);
        claims["aud"] = site.ClientKey;
        claims.Remove("qsh");
        var forged = ForgedTokens.Hmac(claims, site.SharedSecret!);

        using var response = await world.Http.GetAsync($"{world.AppUrl}/connections?jwt={forged}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_script_endpoint_takes_context_and_session_tokens_but_not_qsh_bound_ones()
    {
        var site = await InstalledAcmeAsync();
        var adminContext = world.Tokens.ContextToken(site, site.Admin.AccountId);
        var agentContext = world.Tokens.ContextToken(site, site.Agent.AccountId);
        var requestBound = ForgedTokens.Hmac(ForgedTokens.Claims(site.ClientKey, QueryStringHash.Compute("POST", "/api/session", ""),
            site.Admin.AccountId), site.SharedSecret!);
        var session = await SessionTokenFromPageAsync(world.FrameUrl("acme", PagePath));

        Assert.Equal(HttpStatusCode.Unauthorized, await PostSessionAsync(null));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostSessionAsync(requestBound));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostSessionAsync(ForgedTokens.Unsigned(
            ForgedTokens.Claims(site.ClientKey, QueryStringHash.ContextQsh, site.Admin.AccountId))));
        Assert.Equal(HttpStatusCode.Forbidden, await PostSessionAsync(agentContext));
        Assert.Equal(HttpStatusCode.OK, await PostSessionAsync(adminContext));
        Assert.Equal(HttpStatusCode.OK, await PostSessionAsync(session));
    }

    [Fact]
    public async Task Context_tokens_are_refused_on_lifecycle_callbacks()
    {
        var site = await InstalledAcmeAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, world.AppUrl + "/connect/disabled")
        {
            Content = JsonContent.Create(new { clientKey = site.ClientKey, key = "multisource-connector-csm" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("JWT", world.Tokens.ContextToken(site, site.Admin.AccountId));

        using var response = await world.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers_and_frame_ancestors_only_after_verification()
    {
        var site = await InstalledAcmeAsync();
        using var page = await world.Http.GetAsync(world.FrameUrl("acme", PagePath));
        using var refused = await world.Http.GetAsync($"{world.AppUrl}{PagePath}");
        using var health = await world.Http.GetAsync($"{world.AppUrl}/health");

        foreach (var response in new[] { page, refused, health })
        {
            Assert.Contains("no-cache", response.Headers.CacheControl!.ToString());
            Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
            Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.False(response.Headers.Contains("X-Frame-Options"));
        }
        Assert.EndsWith($"frame-ancestors 'self' {new Uri(site.BaseUrl).GetLeftPart(UriPartial.Authority)}", Csp(page));
        Assert.EndsWith("frame-ancestors 'self'", Csp(refused));
    }

    [Fact]
    public async Task No_shared_secret_session_key_or_token_reaches_a_page_or_a_log_line()
    {
        var site = await InstalledAcmeAsync();
        var frameUrl = world.FrameUrl("acme", PagePath);
        var html = await (await world.Http.GetAsync(frameUrl)).Content.ReadAsStringAsync();
        var productToken = Uri.UnescapeDataString(frameUrl[(frameUrl.IndexOf("jwt=", StringComparison.Ordinal) + 4)..]);
        await world.Http.GetAsync($"{world.AppUrl}{PagePath}?jwt=garbage.that.fails");
        var sessionKey = Convert.ToBase64String(await world.InAppScopeAsync(s =>
            s.GetRequiredService<Connector.Web.Platform.Secrets.AppKeys>().GetOrCreateAsync("session-token-signing-key", 64)));

        Assert.DoesNotContain(site.SharedSecret!, html);
        Assert.DoesNotContain(sessionKey, html);
        var everything = string.Join('\n', world.AppLogs.Lines);
        Assert.Contains("/getting-started?jwt=[redacted]", everything);
        Assert.DoesNotContain(site.SharedSecret!, everything);
        Assert.DoesNotContain(sessionKey, everything);
        Assert.DoesNotContain(productToken, everything);
        Assert.DoesNotContain(SessionToken(html), everything);
    }

    async Task<Connector.Sandbox.Sites.Site> InstalledAcmeAsync()
    {
        var site = world.Site("acme");
        if (!site.Installed) await world.InstallAsync("acme");
        return site;
    }

    async Task<HttpStatusCode> PostSessionAsync(string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, world.AppUrl + "/api/session");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("JWT", token);
        using var response = await world.Http.SendAsync(request);
        return response.StatusCode;
    }

    async Task<string> SessionTokenFromPageAsync(string url)
    {
        using var response = await world.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return SessionToken(await response.Content.ReadAsStringAsync());
    }

    static string SessionToken(string html) => SessionMeta().Match(html).Groups[1].Value is { Length: > 0 } token
        ? token
        : throw new Xunit.Sdk.XunitException("The page carries no session token.");

    static string Csp(HttpResponseMessage response) => response.Headers.GetValues("Content-Security-Policy").Single();


    [GeneratedRegex("<meta name=\"connect-session\" content=\"([^\"]+)\"")]
    private static partial Regex SessionMeta();
}
