namespace Connector.Web.Tenancy.Sessions;

/// <summary>The session token issued for this request, for the links, forms and scripts of the page it renders.</summary>
public sealed class PageSession
{
    public string? Token
    {
        get => token;
        set => (token, escapedToken) = (value, null);
    }

    string? token, escapedToken;

    /// <summary>Who frames the page; decides the response's frame-ancestors.</summary>
    public PageHost Host { get; set; } = PageHost.Connect;

    /// <summary>
    /// On a refusal of an authentic token whose time had passed, the tenant it named: that site may frame
    /// the refusal page (which shows nothing of the tenant), so the admin reads what to do instead of the
    /// browser's broken-frame page. Never grants access.
    /// </summary>
    public Tenant? LapsedTenant { get; set; }

    /// <summary>Whose site frames this response: the verified tenant, or the lapsed one of a refusal.</summary>
    public Tenant? FramingTenant(TenantContext context) => context.Tenant ?? LapsedTenant;

    /// <summary>A link inside the app that stays authenticated inside the product's frame.</summary>
    public string Link(string path)
    {
        if (Token is null) return path;
        var separator = path.Contains('?') ? '&' : '?';
        // A list links every row several times: escape the token once per page, not per link.
        return $"{path}{separator}jwt={escapedToken ??= Uri.EscapeDataString(Token)}";
    }
}
