using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Connector.Sandbox.Host;
using Connector.Sandbox.Sites;
using Microsoft.Extensions.Options;

namespace Connector.Sandbox.Forge;

/// <summary>
/// The sandbox playing Forge: its JWKS, the lifecycle and hourly triggers on demand, and the path a Custom UI's
/// invokeRemote takes (shell → Forge → remote, with a FIT and the app's tokens).
/// </summary>
public static class ForgeEndpoints
{
    public static void MapForge(this IEndpointRouteBuilder app)
    {
        app.MapGet("/forge/.well-known/jwks.json", (ForgeSigning signing) => Results.Json(signing.Jwks()));
        app.MapGet("/sandbox/forge", (ForgeSigning signing, IOptions<SandboxOptions> options) => Results.Json(new
        {
            appId = options.Value.ForgeAppId, jwksUrl = options.Value.BaseUrl.TrimEnd('/') + "/forge/.well-known/jwks.json",
            shellBaseUrl = options.Value.ShellBaseUrl, environmentUuid = options.Value.ForgeEnvironmentUuid, keyId = signing.KeyId,
        }));

        var control = app.MapGroup("/sandbox/sites/{name}/forge");
        control.MapPost("/install", (string name, SiteDirectory sites, ForgeDelivery delivery, CancellationToken ct) =>
            WithSite(sites, name, site => { site.Forge.Install(); return delivery.LifecycleAsync(site, "avi:forge:installed:app", ct); }));
        control.MapPost("/upgrade", (string name, SiteDirectory sites, ForgeDelivery delivery, CancellationToken ct) =>
            WithSite(sites, name, site => delivery.LifecycleAsync(site, "avi:forge:upgraded:app", ct)));
        control.MapPost("/refresh", (string name, int? tokenLifetimeSeconds, SiteDirectory sites, ForgeDelivery delivery, CancellationToken ct) =>
            WithSite(sites, name, site => delivery.RefreshAsync(site, TimeSpan.FromSeconds(tokenLifetimeSeconds ?? 7200), ct)));
        // The tokens stop working while the app stays installed (what a remote sees when Forge stops refreshing them).
        control.MapPost("/revoke-tokens", (string name, SiteDirectory sites) =>
        {
            if (sites.Find(name) is not { } site) return Results.NotFound();
            site.Forge.RevokeTokens();
            return Results.NoContent();
        });
        control.MapPost("/uninstall", (string name, SiteDirectory sites) =>
        {
            if (sites.Find(name) is not { } site) return Results.NotFound();
            site.Forge.Uninstall();
            return Results.NoContent();
        });

        app.MapForgeShell();
    }

    /// <summary>Forge proxies a Custom UI's invokeRemote to the remote: a UI FIT (with the user), both app tokens, 25 s.</summary>
    public static async Task<IResult> InvokeRemoteAsync(Site site, SiteUser user, string? moduleKey, JsonObject call, HttpClient http,
        ForgeSigning signing, ForgeDelivery delivery, IOptions<SandboxOptions> options, CancellationToken cancellationToken)
    {
        var path = (string?)call["path"] ?? "/";
        if (!path.StartsWith('/') || path.StartsWith("//")) return Results.Json(new { message = "The path must start with one /." }, statusCode: 400);
        using var request = new HttpRequestMessage(new HttpMethod((string?)call["method"] ?? "GET"), options.Value.AppBaseUrl.TrimEnd('/') + path);
        if (call["body"] is { } body) request.Content = JsonContent.Create(body);
        request.Headers.Authorization = new("Bearer", signing.InvocationToken(site, delivery.ApiBaseUrl(site), user, moduleKey));
        request.Headers.Add("x-forge-oauth-system", site.Forge.CurrentSystemToken ?? signing.SystemToken(site, TimeSpan.FromHours(2)));
        request.Headers.Add("x-forge-oauth-user", signing.UserToken(site, user));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(25));
        using var response = await http.SendAsync(request, timeout.Token);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        // Forge follows no redirect and passes 2xx and JSON errors on; a 401 means the remote could not verify the FIT.
        if ((int)response.StatusCode is >= 300 and < 400) return Results.Json(new { message = "The remote answered with a redirect." }, statusCode: 502);
        return Results.Content(text.Length == 0 ? "{}" : text, "application/json", statusCode: (int)response.StatusCode);
    }

    static async Task<IResult> WithSite(SiteDirectory sites, string name, Func<Site, Task<TriggerDelivery>> action)
    {
        if (sites.Find(name) is not { } site) return Results.NotFound(new { errorMessages = new[] { $"No site named {name}." } });
        var delivery = await action(site);
        return Results.Json(delivery, statusCode: delivery.Succeeded ? 200 : 502);
    }
}
