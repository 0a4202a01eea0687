using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Connector.Web.Platform.Http;

/// <summary>One structured line per request, with any token in the query string redacted.</summary>
sealed partial class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            logger.LogInformation("{Method} {Path}{Query} answered {StatusCode} in {ElapsedMs:0.0} ms",
                context.Request.Method, context.Request.Path, Redact(context.Request.QueryString.Value),
                context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    internal static string Redact(string? query) =>
        string.IsNullOrEmpty(query) ? "" : TokenParameter().Replace(query, "$1=[redacted]");

    [GeneratedRegex("(?i)([?&]jwt)=[^&]*")]
    private static partial Regex TokenParameter();
}
