using System.Net;

namespace Connector.Web.Platform.Support;

/// <summary>
/// What an error page says: a heading and what to do. OffersReload when the frame's parent can reload the
/// page with a fresh session (the Forge shell can; Connect's host page needs the browser's reload).
/// </summary>
public sealed record ErrorPageText(string Title, string WhatToDo, bool OffersReload = false);

/// <summary>
/// The page shown inside the product's frame when we cannot show the one asked for (refused, forbidden,
/// unavailable, failed). Plain HTML with our stylesheet, always with the support contact, so an admin is
/// never left with the browser's broken-frame page. Script callers get the same words as JSON.
/// </summary>
public static class ErrorPage
{
    public static async Task WriteAsync(HttpContext context, int status, ErrorPageText text)
    {
        var response = context.Response;
        response.StatusCode = status;
        var support = context.RequestServices.GetService<Microsoft.Extensions.Options.IOptions<SupportOptions>>()?.Value ?? new SupportOptions();
        if (WantsJson(context.Request))
        {
            await response.WriteAsJsonAsync(new { error = text.Title, message = text.WhatToDo, support = support.Href });
            return;
        }
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(Html(status, text, support));
    }

    /// <summary>A script's fetch carries its token in the Authorization header or asks for JSON; a page load does neither.</summary>
    static bool WantsJson(HttpRequest request) =>
        request.Headers.Authorization.Count > 0 || request.Headers.Accept.ToString().Contains("application/json", StringComparison.Ordinal);

    static string Html(int status, ErrorPageText text, SupportOptions support)
    {
        var reload = text.OffersReload
            ? """<p><button type="button" class="button button-primary" data-reload-page>Reload</button></p>"""
            : "";
        var contact = support.Href is { } href
            ? $"""<p class="support">Still stuck? <a href="{Encode(href)}" target="_blank" rel="noopener">Contact MultiSource Connector support</a>.</p>"""
            : "";
        return $"""
            <!doctype html><html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Encode(text.Title)} · MultiSource Connector</title>
            <link rel="stylesheet" href="/css/site.css"><script src="/js/site.js" defer></script></head>
            <body><div class="ac-content"><main class="page"><section class="message message-error" role="alert" data-status="{status}">
            <h1>{Encode(text.Title)}</h1><p>{Encode(text.WhatToDo)}</p>{reload}</section>{contact}</main></div></body></html>
            """;
    }

    static string Encode(string text) => WebUtility.HtmlEncode(text);
}
