using Connector.Web.Platform.Http;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Sessions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Connector.Web.Forge;

/// <summary>
/// A page framed by the Forge shell sits two frames deep: the site's page holds the shell (served from
/// Atlassian's CDN), the shell holds our page. frame-ancestors must name both.
/// </summary>
sealed class ForgeFrameAncestors(TenantContext tenantContext, PageSession session, IOptions<ForgeOptions> options) : IFrameAncestors
{
    public IEnumerable<string> For(HttpContext context)
    {
        if (session.Host != PageHost.Forge || session.FramingTenant(tenantContext) is not { } tenant) return [];
        var site = new[] { tenant.BaseUrl, tenant.DisplayUrl }.OfType<string>()
            .Where(url => Uri.TryCreate(url, UriKind.Absolute, out _)).Select(SecurityHeaders.Origin);
        return options.Value.FramingOrigins.Concat(site);
    }
}

/// <summary>A Forge admin page's address in the site: /jira/settings/apps/{app}/{environment}/{page}.</summary>
sealed class ForgeAppLinks(IOptions<ForgeOptions> options) : IAppLinks
{
    public bool Serves(Tenant tenant) => tenant.HasForgeAccess && tenant.ForgeEnvironmentId is not null;

    public string PageUrl(Tenant tenant, string page, IReadOnlyDictionary<string, string>? parameters = null)
    {
        var environment = tenant.ForgeEnvironmentId!.Split('/')[^1];
        var url = $"{tenant.UserFacingUrl.TrimEnd('/')}/jira/settings/apps/{options.Value.AppUuid}/{environment}/{page}";
        return parameters is null ? url : QueryHelpers.AddQueryString(url, parameters.ToDictionary(p => p.Key, p => (string?)p.Value));
    }
}
