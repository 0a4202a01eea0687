namespace Connector.Web.Platform.Support;

/// <summary>
/// The "Support" configuration section: where an admin who is stuck can ask us. Shown in every page's
/// footer and on every error page; a web address or an email address.
/// </summary>
public sealed class SupportOptions
{
    public const string Section = "Support";

    /// <summary>An https address (a help desk, a portal) or an email address; empty shows no support link.</summary>
    public string Contact { get; set; } = "";

    /// <summary>The link's href: mailto: for an email address, the address itself otherwise; null when none is set.</summary>
    public string? Href => Contact.Trim() switch
    {
        "" => null,
        var email when email.Contains('@') && !email.Contains("://") => "mailto:" + email,
        var url => url,
    };
}
