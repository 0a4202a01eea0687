using Connector.Web.Platform.Support;

namespace Connector.Web.Tenancy.Product;

/// <summary>When the Atlassian site cannot answer (even after retries), say so instead of failing obscurely.</summary>
sealed class ProductUnavailablePage(RequestDelegate next, ILogger<ProductUnavailablePage> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (ProductUnavailableException e) when (!context.Response.HasStarted)
        {
            logger.LogWarning(e, "The product did not answer during {Path}", context.Request.Path);
            context.Response.Clear();
            context.Response.Headers.RetryAfter = "30";
            await ErrorPage.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, new ErrorPageText(
                "Your Atlassian site did not answer in time",
                "We could not confirm your permissions with your site. Try again in a minute."));
        }
    }
}
