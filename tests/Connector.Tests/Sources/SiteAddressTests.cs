using Connector.Web.Pages.Sources;

namespace Connector.Tests.Sources;

/// <summary>Admins type a Jira site the way they see it in the browser's address bar, with or without https://.</summary>
public sealed class SiteAddressTests
{
    [Theory]
    [InlineData("globex.atlassian.net", "https://globex.atlassian.net")]
    [InlineData(" globex.atlassian.net/ ", "https://globex.atlassian.net")]
    [InlineData("https://globex.atlassian.net/", "https://globex.atlassian.net")]
    [InlineData("http://127.0.0.1:5000/sites/globex", "http://127.0.0.1:5000/sites/globex")]
    [InlineData("", null)]
    public void A_site_typed_without_its_scheme_is_read_as_https(string typed, string? expected) =>
        Assert.Equal(expected, new SourceInput { SiteUrl = typed }.SiteAddress);
}
