using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Connector.Web.Platform.Database;

/// <summary>Healthy when PostgreSQL answers and every migration this build knows has been applied.</summary>
sealed class DatabaseHealthCheck(Migrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, object> { ["expectedSchemaVersion"] = Migrator.LatestVersion };
        try
        {
            var current = await migrator.CurrentVersionAsync(cancellationToken);
            data["schemaVersion"] = current ?? 0;
            return current == Migrator.LatestVersion
                ? HealthCheckResult.Healthy("Database reachable, schema up to date.", data)
                : HealthCheckResult.Unhealthy("Database reachable, but migrations are not applied.", data: data);
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("Database unreachable.", e, data);
        }
    }

    public static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString().ToLowerInvariant(), e.Value.Description, e.Value.Data }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
