using System.Text.Json.Serialization;
using Connector.Web.Platform.Http;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Access;
using Connector.Web.Tenancy.Sessions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Connector.Web.Forge;

/// <summary>
/// The remote's endpoints, as manifest.yml routes them: the lifecycle and hourly triggers (POST, a 5 s budget, so
/// they only record what the token says), and the session the Custom UI shell asks for to frame our pages.
/// </summary>
public static class ForgeEndpoints
{
    public const string LifecycleRoute = "/forge/lifecycle";
    public const string RefreshRoute = "/forge/refresh";
    public const string SessionRoute = "/forge/session";
    public const string InvocationPolicy = "forge-invocation";
    public const string SiteAdminPolicy = "forge-site-admin";

    /// <summary>The pages the shell may open, by the route of the admin page it shows.</summary>
    static readonly Dictionary<string, string> Pages = new(StringComparer.Ordinal)
    {
        ["connections"] = "/connections", ["sources"] = "/sources", ["settings"] = "/settings",
        ["activity"] = "/activity", ["getting-started"] = "/getting-started",
    };

    public static void AddForgePolicies(AuthorizationOptions options)
    {
        options.AddPolicy(InvocationPolicy, p => p.AddAuthenticationSchemes(ForgeAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        options.AddPolicy(SiteAdminPolicy, p => p.AddAuthenticationSchemes(ForgeAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
            .AddRequirements(new SiteAdminRequirement()));
    }

    public static void MapForgeEndpoints(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<ForgeOptions>>().Value.Enabled) return;
        // The handler has recorded the installation and its fresh system token by now; nothing else to do.
        app.MapPost(LifecycleRoute, (ForgeEvent? body, ILogger<ForgeEvent> logger) =>
        {
            logger.LogInformation("Forge event {EventType} (retry {Retry})", body?.EventType, body?.RetryContext?.RetryCount ?? 0);
            return Results.NoContent();
        }).RequireAuthorization(InvocationPolicy).RequireRateLimiting(RateLimits.Callbacks);
        app.MapPost(RefreshRoute, () => Results.NoContent()).RequireAuthorization(InvocationPolicy).RequireRateLimiting(RateLimits.Callbacks);
        app.MapPost(SessionRoute, IssueSessionAsync).RequireAuthorization(SiteAdminPolicy).RequireRateLimiting(RateLimits.Sessions);
    }

    static async Task<IResult> IssueSessionAsync(SessionRequest? request, TenantContext tenantContext, SessionTokens sessions,
        IAppAddress address, IOptions<TenancyOptions> tenancy, CancellationToken cancellationToken)
    {
        // The inner page the shell kept in Jira's URL wins (a reload returns to it), then a run, then the admin page's own.
        var path = LocalPath.IsSafe(request?.Path) ? request!.Path
            : request?.Run is { } run && Guid.TryParse(run, out var runId) ? $"/runs/{runId}"
            : Pages.GetValueOrDefault(request?.Page ?? "connections");
        if (path is null) return Results.Json(new { message = "There is no such page in MultiSource Connector." }, statusCode: StatusCodes.Status404NotFound);
        var token = await sessions.IssueAsync(tenantContext.RequiredTenant, tenantContext.AccountId!, PageHost.Forge, cancellationToken);
        return Results.Json(new SessionAnswer(address.Url($"{path}{(path.Contains('?') ? '&' : '?')}jwt={Uri.EscapeDataString(token)}"), token,
            (int)tenancy.Value.SessionTokenLifetime.TotalSeconds));
    }

    public sealed record SessionRequest(string? Page, string? Run, string? Path = null);

    public sealed record SessionAnswer(string Url, string Token, int ExpiresInSeconds);

    /// <summary>A Forge lifecycle event as remotes receive it (FORGE-REMOTE.md A.6); only logged.</summary>
    public sealed record ForgeEvent(
        [property: JsonPropertyName("eventType")] string? EventType,
        [property: JsonPropertyName("retryContext")] RetryContext? RetryContext);

    public sealed record RetryContext([property: JsonPropertyName("retryCount")] int RetryCount);
}
