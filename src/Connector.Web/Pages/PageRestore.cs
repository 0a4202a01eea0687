using Connector.Web.Platform.Http;
using Connector.Web.Tenancy.Access;
using Connector.Web.Tenancy.Sessions;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Connector.Web.Pages;

/// <summary>
/// Jira keeps the app's inner page in its own URL (site.js writes it with AP.history as ac.page), and hands
/// ac.* parameters back to the frame when the admin reloads or shares the link. A page the product opened
/// with ac.page therefore sends the admin on to that inner page. Only our own paths are followed: the value
/// is covered by the product's qsh, and anything that is not a local path is ignored.
/// </summary>
public sealed class PageRestore(PageSession session) : IAsyncPageFilter
{
    public const string Parameter = "ac.page";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        if (HttpMethods.IsGet(request.Method) && request.Query[Parameter].ToString() is { Length: > 0 } page && IsLocalPage(page)
            && page != request.Path + request.QueryString.ToString() && OpenedByTheProduct(context.HttpContext))
        {
            context.Result = new Microsoft.AspNetCore.Mvc.RedirectResult(session.Link(page));
            return;
        }
        await next();
    }

    static bool OpenedByTheProduct(HttpContext context) =>
        context.User.FindFirst(CallerAuthenticationHandler.TokenKindClaim)?.Value == nameof(CallerTokenKind.ProductRequest);

    public static bool IsLocalPage(string page) => LocalPath.IsSafe(page);
}
