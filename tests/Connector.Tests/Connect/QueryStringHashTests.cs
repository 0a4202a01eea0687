using Connector.Web.Connect.Jwt;

namespace Connector.Tests.Connect;

/// <summary>The vectors of CONNECT.md §4.5, each recomputed there by two independent implementations.</summary>
public sealed class QueryStringHashTests
{
    [Theory]
    [InlineData("GET", "/path", "", "GET&/path&", "799be84a7fa35570087163c0cd9af3abff7ac05c2c12ba0bb1d7eebc984b3ac2")]
    [InlineData("GET", "", "", "GET&/&", "c88caad15a1c1a900b8ac08aa9686f4e8184539bea1deda36e2f649430df3239")]
    [InlineData("GET", "/", "", "GET&/&", "c88caad15a1c1a900b8ac08aa9686f4e8184539bea1deda36e2f649430df3239")]
    [InlineData("GET", "/hello-world",
        "lic=none&tz=Australia%2FSydney&cp=%2Fjira&user_key=&loc=en-US&user_id=&jwt=ABC.DEF.GHI&xdm_e=http%3A%2F%2Fstorm%3A2990&xdm_c=channel-servlet-hello-world&xdm_p=1",
        "GET&/hello-world&cp=%2Fjira&lic=none&loc=en-US&tz=Australia%2FSydney&user_id=&user_key=&xdm_c=channel-servlet-hello-world&xdm_e=http%3A%2F%2Fstorm%3A2990&xdm_p=1",
        "8063ff4ca1e41df7bc90c8ab6d0f6207d491cf6dad7c66ea797b4614b71922e9")]
    [InlineData("POST", "/hello-world",
        "lic=none&tz=Australia%2FSydney&cp=%2Fjira&user_key=&loc=en-US&user_id=&jwt=ABC.DEF.GHI&xdm_e=http%3A%2F%2Fstorm%3A2990&xdm_c=channel-servlet-hello-world&xdm_p=1",
        "POST&/hello-world&cp=%2Fjira&lic=none&loc=en-US&tz=Australia%2FSydney&user_id=&user_key=&xdm_c=channel-servlet-hello-world&xdm_e=http%3A%2F%2Fstorm%3A2990&xdm_p=1",
        "d7e7f00660965fc15745b2c423a89b85d0853c4463faca362e0371d008eb0927")]
    [InlineData("POST", "/hello-world", "", "POST&/hello-world&", "6f95f3738e1b037a3bebbe0ad237d80fdbc1d5ae452e98ce03a9c004c178ebb4")]
    [InlineData("GET", "/jira/configuration",
        "xdm_e=https%3A%2F%2Ftest.atlassian.net&xdm_c=channel-com.github.integration.test__github-post-install-page&cp=&xdm_deprecated_addon_key_do_not_use=com.github.integration.test&lic=none&cv=1001.0.0-SNAPSHOT",
        "GET&/jira/configuration&cp=&cv=1001.0.0-SNAPSHOT&lic=none&xdm_c=channel-com.github.integration.test__github-post-install-page&xdm_deprecated_addon_key_do_not_use=com.github.integration.test&xdm_e=https%3A%2F%2Ftest.atlassian.net",
        "bcb1e97709b6bcbce5b08cabffe01050e13edabb7a64efbd45ee15ee4b6494d9")]
    [InlineData("GET", "/path/to/service", "a=1&A=2&b=3&B=4", "GET&/path/to/service&A=2&B=4&a=1&b=3",
        "70282c7cf82834bd5a3d6dacda1b4ccd5cf5860a63a1fa2fb86b64d576e6a1d5")]
    [InlineData("GET", "/test", "param=value", "GET&/test&param=value", "be16910858a41fd19ea5c1b4e9decca9a784d1024cb00b2158defe2f29dc86dd")]
    public void Hash_vectors_match_the_reference_implementations(
        string method, string path, string query, string canonical, string qsh)
    {
        Assert.Equal(canonical, QueryStringHash.CanonicalRequest(method, path, query));
        Assert.Equal(qsh, QueryStringHash.Compute(method, path, query));
    }

    [Theory]
    [InlineData("GET", "/path/to/service", "zee_last=param&repeated=parameter 1&first=param&repeated=parameter 2", null,
        "GET&/path/to/service&first=param&repeated=parameter%201,parameter%202&zee_last=param",
        "e52bb281606c3bd9ca16cfe96fe2df78f5d9ffa126f06befd750dfa10fa1a897")]
    [InlineData("GET", "/path/to/service", "zee_last=param&repeated=parameter 1&first=param&repeated=parameter 2&repeated=Parameter 2", null,
        "GET&/path/to/service&first=param&repeated=Parameter%202,parameter%201,parameter%202&zee_last=param",
        "9ae6056cf66c00e76fa15e66fd26091fecd7356eec2f2c30629835b656799f66")]
    [InlineData("GET", "/base/path/to/service", "", "/base", "GET&/path/to/service&", null)]
    [InlineData("GET", "/hello-world", "a&b=foo&c", null, "GET&/hello-world&a=&b=foo&c=", null)]
    [InlineData("POST", "/rest/api/2/project&a=b&c=d", "x=y", null, "POST&/rest/api/2/project%26a=b%26c=d&x=y", null)]
    [InlineData("POST", "/jira/rest/api/2/project/jira&a=b&c=d", "x=y", "/jira", "POST&/rest/api/2/project/jira%26a=b%26c=d&x=y", null)]
    // Confluence (CONNECT.md §4.4, §5.1): the product's /wiki context path goes on outgoing calls, our app's
    // /confluence path base on incoming ones; the query is canonicalised as anywhere else.
    [InlineData("GET", "/wiki/rest/api/user", "expand=operations&accountId=5b10a2844c20165700ede21g", "/wiki",
        "GET&/rest/api/user&accountId=5b10a2844c20165700ede21g&expand=operations", null)]
    [InlineData("POST", "/wiki/app/report-accounts/", "", "/wiki", "POST&/app/report-accounts&", null)]
    [InlineData("GET", "/confluence/settings", "xdm_e=https%3A%2F%2Fx.atlassian.net&cp=%2Fwiki&lic=none", "/confluence",
        "GET&/settings&cp=%2Fwiki&lic=none&xdm_e=https%3A%2F%2Fx.atlassian.net", null)]
    [InlineData("GET", "/wiki-pages/list", "", "/wiki", "GET&/wiki-pages/list&", null)]
    [InlineData("GET", "/trailing/", "", null, "GET&/trailing&", null)]
    [InlineData("GET", "/plus", "q=a+b&r=%2A~!'()", null, "GET&/plus&q=a%20b&r=%2A~%21%27%28%29", null)]
    public void Canonical_string_vectors_match_the_spec(
        string method, string path, string query, string? basePath, string canonical, string? sha256)
    {
        Assert.Equal(canonical, QueryStringHash.CanonicalRequest(method, path, query, basePath));
        if (sha256 is not null) Assert.Equal(sha256, QueryStringHash.Hash(canonical));
    }

    [Fact]
    public void Sha256_of_foo_matches_the_spec_text() =>
        Assert.Equal("2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", QueryStringHash.Hash("foo"));

    [Fact]
    public void Outgoing_calls_hash_the_path_relative_to_a_product_context_path() =>
        Assert.Equal(
            QueryStringHash.Compute("GET", "/rest/api/content", "limit=5"),
            QueryStringHash.ForUri("GET", new Uri("https://x.atlassian.net/wiki/rest/api/content?limit=5"), new Uri("https://x.atlassian.net/wiki")));
}
