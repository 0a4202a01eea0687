using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Connector.Web.Tenancy.Access;

/// <summary>The "RateLimits" configuration section: how often strangers and tenants may knock, per minute.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Lifecycle callbacks (installs, Forge triggers), per client address.</summary>
    public int CallbacksPerMinute { get; set; } = 60;

    /// <summary>Session renewals (Connect and the Forge shell), per client address.</summary>
    public int SessionsPerMinute { get; set; } = 120;

    /// <summary>Operator endpoints, per client address (a guessed key should not get many guesses).</summary>
    public int OperatorPerMinute { get; set; } = 30;

    /// <summary>Test and Full Import starts, per tenant.</summary>
    public int RunStartsPerMinute { get; set; } = 20;
}

/// <summary>
/// ASP.NET Core's rate limiter on the endpoints that anyone can call (lifecycle, sessions, operator) and, per
/// tenant, on run starts. A refusal is 429 with Retry-After, in words.
/// </summary>
public static class RateLimits
{
    public const string Callbacks = "callbacks", Sessions = "sessions", Operator = "operator", RunStarts = "run-starts";

    public static void AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await context.HttpContext.Response.WriteAsync("Too many requests; try again in a minute.", cancellationToken);
            };
            options.AddPolicy(Callbacks, context => PerMinute(ClientAddress(context), limits.CallbacksPerMinute));
            options.AddPolicy(Sessions, context => PerMinute(ClientAddress(context), limits.SessionsPerMinute));
            options.AddPolicy(Operator, context => PerMinute(ClientAddress(context), limits.OperatorPerMinute));
            // After authentication, so the tenant is known; a tenant's admins share one budget.
            options.AddPolicy(RunStarts, context =>
                PerMinute(context.User.FindFirst(CallerAuthenticationHandler.TenantClaim)?.Value ?? ClientAddress(context), limits.RunStartsPerMinute));
        });
    }

    static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    static RateLimitPartition<string> PerMinute(string key, int permits) => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    });
}
