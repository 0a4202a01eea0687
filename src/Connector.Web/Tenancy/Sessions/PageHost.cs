namespace Connector.Web.Tenancy.Sessions;

/// <summary>Which Atlassian shell frames our pages for this caller: it decides who may frame the response.</summary>
public enum PageHost
{
    /// <summary>A Connect iframe inside the site (frame-ancestors: the site's own URLs).</summary>
    Connect,

    /// <summary>The Forge Custom UI shell, served from Atlassian's CDN (frame-ancestors: that origin).</summary>
    Forge,
}
