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
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "30";
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(
                "Your Atlassian site did not answer in time, so we could not confirm your permissions. Try again in a minute.");
        }
    }
}
