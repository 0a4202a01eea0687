using Connector.Web.Connect;
using Connector.Web.Connect.Tenants;
using Microsoft.Extensions.Options;

namespace Connector.Web.Platform.Http;

/// <summary>
/// The headers Atlassian's security requirements ask of every response. The CSP's frame-ancestors is
/// computed per response: only after a token has been verified do we know which site may frame us.
/// X-Frame-Options is never sent, because the product must be able to frame our pages.
/// </summary>
sealed class SecurityHeaders(RequestDelegate next, IOptions<ConnectOptions> options)
{
    readonly bool servedOverHttps = options.Value.BaseUri().Scheme == Uri.UriSchemeHttps;
    readonly string scriptSources = $"'self' {Origin(options.Value.AllJsUrl)}";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.CacheControl = "no-cache, no-store";
            headers.Pragma = "no-cache";
            headers["Referrer-Policy"] = "same-origin";
            headers.XContentTypeOptions = "nosniff";
            if (servedOverHttps) headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            headers.ContentSecurityPolicy =
                $"default-src 'self'; script-src {scriptSources}; style-src 'self'; img-src 'self' data:; " +
                "connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; " +
                $"frame-ancestors {FrameAncestors(context)}";
            return Task.CompletedTask;
        });
        return next(context);
    }

    static string FrameAncestors(HttpContext context)
    {
        var tenant = context.RequestServices.GetService<TenantContext>()?.Tenant;
        if (tenant is null) return "'self'";
        var origins = new HashSet<string> { "'self'", Origin(tenant.BaseUrl) };
        if (tenant.DisplayUrl is { } displayUrl) origins.Add(Origin(displayUrl));
        return string.Join(' ', origins);
    }

    static string Origin(string url) => new Uri(url).GetLeftPart(UriPartial.Authority);
}
