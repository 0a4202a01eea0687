using Connector.Web.Platform.Support;
using Connector.Web.Tenancy.Sessions;

namespace Connector.Web.Tenancy.Access;

/// <summary>The admin's words for the refusals of our pages.</summary>
static class Refusals
{
    public const string SessionEndedTitle = "Open this page from your Atlassian site";

    /// <summary>The same words for a lapsed session, a forged token or none at all: nothing tells whether a tenant exists.</summary>
    public static ErrorPageText SessionEnded(PageSession session) => new(SessionEndedTitle,
        "Your session has ended, or the page was opened outside your site. Reload the page in your browser and " +
        "MultiSource Connector opens with a fresh session. Nothing you saved is lost.",
        OffersReload: session.LapsedTenant is not null && session.Host == PageHost.Forge);

    public static readonly ErrorPageText NotAnAdmin = new(
        "Forbidden: only Jira administrators can use MultiSource Connector",
        "Ask a Jira administrator of this site to grant you the Administer Jira global permission, or to do this for you.");

    public static readonly ErrorPageText NotAConfluenceAdmin = new(
        "Forbidden: only Confluence administrators can use MultiSource Connector",
        "Ask a Confluence administrator of this site to make you one (the Confluence Administrator permission), or to do this for you.");

    /// <summary>Refused for not administering the product the app was opened in.</summary>
    public static ErrorPageText NotAnAdminOf(Tenant? tenant) => tenant?.IsConfluence == true ? NotAConfluenceAdmin : NotAnAdmin;
}
