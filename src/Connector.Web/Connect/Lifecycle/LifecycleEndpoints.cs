using System.Text.Json;
using Connector.Web.Connect.Descriptor;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Access;

namespace Connector.Web.Connect.Lifecycle;

/// <summary>The four lifecycle URLs of the descriptor. Each answers 204 when it has done its work.</summary>
public static class LifecycleEndpoints
{
    public const long LifecyclePayloadLimit = 64 * 1024;

    public static void MapLifecycle(this IEndpointRouteBuilder app)
    {
        // Anyone can knock: limited per address, and an install payload (a few kilobytes) may not be large.
        var lifecycle = app.MapGroup("/connect").RequireRateLimiting(RateLimits.Callbacks)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(LifecyclePayloadLimit));
        // Verified inside: these take Atlassian's RS256 install tokens, not tenant tokens.
        lifecycle.MapPost("/installed", Installed).AllowAnonymous();
        lifecycle.MapPost("/uninstalled", Uninstalled).AllowAnonymous();
        lifecycle.MapPost("/enabled", (HttpContext c, TenantInstaller i, CancellationToken t) => SetEnabled(c, i, true, t))
            .RequireAuthorization(AccessPolicies.Tenant)
            .WithMetadata(new AcceptsTokensAttribute(CallerTokenKind.ProductRequest));
        lifecycle.MapPost("/disabled", (HttpContext c, TenantInstaller i, CancellationToken t) => SetEnabled(c, i, false, t))
            .RequireAuthorization(AccessPolicies.Tenant)
            .WithMetadata(new AcceptsTokensAttribute(CallerTokenKind.ProductRequest));
    }

    static async Task<IResult> Installed(
        HttpContext context, InstallTokenVerifier verifier, TenantInstaller installer, AppDescriptor descriptor,
        ILogger<InstallTokenVerifier> logger, CancellationToken cancellationToken)
    {
        var payload = await ReadPayloadAsync(context.Request, cancellationToken);
        if (await RefuseUnverifiedAsync(context, verifier, payload, descriptor, logger, cancellationToken) is { } refusal)
            return refusal;
        if (payload!.InstalledProblem(descriptor.For(context.Request)) is { } problem)
        {
            logger.LogWarning("Refused an installed payload for {ClientKey}: {Problem}", payload.ClientKey, problem);
            return Results.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
        }
        await installer.InstallAsync(payload, cancellationToken);
        return Results.NoContent();
    }

    static async Task<IResult> Uninstalled(
        HttpContext context, InstallTokenVerifier verifier, TenantInstaller installer, AppDescriptor descriptor,
        ILogger<InstallTokenVerifier> logger, CancellationToken cancellationToken)
    {
        var payload = await ReadPayloadAsync(context.Request, cancellationToken);
        if (await RefuseUnverifiedAsync(context, verifier, payload, descriptor, logger, cancellationToken) is { } refusal)
            return refusal;
        await installer.UninstallAsync(payload!.ClientKey!, cancellationToken);
        return Results.NoContent();
    }

    static async Task<IResult> SetEnabled(HttpContext context, TenantInstaller installer, bool enabled, CancellationToken cancellationToken)
    {
        var tenant = context.RequestServices.GetRequiredService<TenantContext>().RequiredTenant;
        var payload = await ReadPayloadAsync(context.Request, cancellationToken);
        if (tenant.ClientKey is not { } clientKey || payload?.ClientKey != clientKey) return Results.Forbid();
        await installer.SetEnabledAsync(clientKey, enabled, cancellationToken);
        return Results.NoContent();
    }

    static async Task<IResult?> RefuseUnverifiedAsync(
        HttpContext context, InstallTokenVerifier verifier, LifecyclePayload? payload, AppDescriptor descriptor,
        ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await verifier.VerifyAsync(context.Request, payload?.ClientKey ?? "", cancellationToken);
            return payload?.ClientKey is null ? Results.BadRequest() : null;
        }
        catch (TokenRefusedException e)
        {
            logger.LogWarning("Refused a {Path} call: {Failure}", context.Request.Path, e.Message);
            Challenge.AddHeader(context.Response, descriptor.For(context.Request).Key);
            return Results.Text("Unauthorized: the request is not signed by Atlassian.", statusCode: StatusCodes.Status401Unauthorized);
        }
    }

    static async Task<LifecyclePayload?> ReadPayloadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await request.ReadFromJsonAsync<LifecyclePayload>(cancellationToken);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
