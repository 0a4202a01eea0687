using Connector.Web.Platform.Database;
using Connector.Web.Tenancy.Access;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Imports;

/// <summary>What the run page's script polls, and the problems export.</summary>
public static class RunEndpoints
{
    public static void MapRunEndpoints(this WebApplication app)
    {
        app.MapGet("/api/runs/{id:guid}", async (Guid id, ImportRuns runs, TimeProvider time, CancellationToken cancellationToken) =>
            await runs.FindAsync(id, cancellationToken) is { } run ? Results.Json(Progress(run, time.GetUtcNow())) : Results.NotFound())
            .RequireAuthorization(AccessPolicies.SiteAdmin)
            .WithMetadata(new AcceptsTokensAttribute(CallerTokenKind.Session | CallerTokenKind.ProductContext));

        app.MapGet("/runs/{id:guid}/changes.csv", async (Guid id, ImportRuns runs, RunProblemsExport export, HttpResponse response, CancellationToken cancellationToken) =>
        {
            if (await runs.FindAsync(id, cancellationToken) is not { Kind: RunKind.Preview } run) return Results.NotFound();
            await export.WriteChangesAsync(run, response, cancellationToken);
            return Results.Empty;
        }).RequireAuthorization(AccessPolicies.SiteAdmin);

        app.MapGet("/runs/{id:guid}/problems.csv", async (Guid id, ImportRuns runs, RunProblemsExport export, HttpResponse response, CancellationToken cancellationToken) =>
        {
            if (await runs.FindAsync(id, cancellationToken) is not { } run) return Results.NotFound();
            await export.WriteAsync(run, response, cancellationToken);
            return Results.Empty;
        }).RequireAuthorization(AccessPolicies.SiteAdmin);
    }

    public static RunProgress Progress(ImportRun run, DateTimeOffset now) => new(
        run.Status.ToString(), run.IsActive, run.RecordsRead, run.Created, run.Updated, run.Unchanged, run.Skipped, run.Failed, run.TotalHint,
        Percent(run), EnumText.Of(run.Status), RunProgressText.Summary(run, now), run.Message);

    static int? Percent(ImportRun run) =>
        run.IsActive ? (run.TotalHint is > 0 ? Math.Min(99, (int)(100L * run.RecordsRead / run.TotalHint.Value)) : null) : 100;

    /// <summary>Percent is null while a run's total is unknown (the bar then shows activity, not a share).</summary>
    public sealed record RunProgress(string Status, bool Active, int Read, int Created, int Updated, int Unchanged, int Skipped, int Failed,
        int? Total, int? Percent, string Bar, string Summary, string? Message);
}
