using Microsoft.Extensions.Options;

namespace Connector.Web.Platform.Http;

/// <summary>What the security headers allow beyond our own origin; each host (Connect, Forge) adds what it needs.</summary>
public sealed class SecurityHeadersOptions
{
    /// <summary>Sent when the app is served over https (Atlassian's scanner wants HSTS on every response).</summary>
    public bool Hsts { get; set; }

    /// <summary>Script origins besides our own (Connect's all.js).</summary>
    public HashSet<string> ScriptSources { get; } = [];
}

/// <summary>
/// Who may frame the response now being written. Only known after the caller's token was verified, so
/// each host registers one that reads the request's tenant and session; none answering means 'self' only.
/// </summary>
public interface IFrameAncestors
{
    IEnumerable<string> For(HttpContext context);
}

/// <summary>
/// The headers Atlassian's security requirements ask of every response. The CSP's frame-ancestors is
/// computed per response; X-Frame-Options is never sent, because the product must be able to frame us.
/// </summary>
sealed class SecurityHeaders(RequestDelegate next, IOptions<SecurityHeadersOptions> options)
{
    readonly string scriptSources = string.Join(' ', new[] { "'self'" }.Concat(options.Value.ScriptSources));

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.CacheControl = "no-cache, no-store";
            headers.Pragma = "no-cache";
            headers["Referrer-Policy"] = "same-origin";
            headers.XContentTypeOptions = "nosniff";
            if (options.Value.Hsts) headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
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
        var origins = new HashSet<string> { "'self'" };
        foreach (var ancestors in context.RequestServices.GetServices<IFrameAncestors>()) origins.UnionWith(ancestors.For(context));
        return string.Join(' ', origins);
    }

    public static string Origin(string url) => new Uri(url).GetLeftPart(UriPartial.Authority);
}
