using System.Net;
using Connector.Web.Tenancy.Sessions;
using Microsoft.AspNetCore.Html;

namespace Connector.Web.Pages.Shared;

/// <summary>
/// The hidden field every form posts its session token in (no cookies inside the product's frame). A method,
/// not a partial view: a list renders it several times per row, and a partial's lookup costs far more.
/// </summary>
public static class SessionFields
{
    public static IHtmlContent Field(this PageSession session) =>
        new HtmlString($"<input type=\"hidden\" name=\"jwt\" value=\"{WebUtility.HtmlEncode(session.Token)}\">");
}
