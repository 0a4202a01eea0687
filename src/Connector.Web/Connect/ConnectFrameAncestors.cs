using Connector.Web.Platform.Http;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Sessions;

namespace Connector.Web.Connect;

/// <summary>A page framed by a Connect site may be framed by that site's own URLs (its custom domain too).</summary>
sealed class ConnectFrameAncestors(TenantContext tenantContext, PageSession session) : IFrameAncestors
{
    public IEnumerable<string> For(HttpContext context)
    {
        if (session.Host != PageHost.Connect || session.FramingTenant(tenantContext) is not { } tenant) yield break;
        yield return SecurityHeaders.Origin(tenant.BaseUrl);
        if (tenant.DisplayUrl is { } displayUrl) yield return SecurityHeaders.Origin(displayUrl);
    }
}
