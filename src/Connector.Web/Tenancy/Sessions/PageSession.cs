namespace Connector.Web.Tenancy.Sessions;

/// <summary>The session token issued for this request, for the links, forms and scripts of the page it renders.</summary>
public sealed class PageSession
{
    public string? Token { get; set; }

    /// <summary>Who frames the page; decides the response's frame-ancestors.</summary>
    public PageHost Host { get; set; } = PageHost.Connect;

    /// <summary>A link inside the app that stays authenticated inside the product's frame.</summary>
    public string Link(string path)
    {
        if (Token is null) return path;
        var separator = path.Contains('?') ? '&' : '?';
        return $"{path}{separator}jwt={Uri.EscapeDataString(Token)}";
    }
}
