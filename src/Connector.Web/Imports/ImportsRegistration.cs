using Connector.Web.Connections;
using Connector.Web.Csm;
using Connector.Web.Platform.Http;

namespace Connector.Web.Imports;

public static class ImportsRegistration
{
    public static void AddImports(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<ConnectionStore>();
        services.AddScoped<FieldBuilder>();
        services.AddScoped<CsmClient>();
        services.AddScoped<CsmAccessStore>();
        services.AddScoped<ImportRuns>();
        services.AddScoped<ImportRunner>();
        services.AddSingleton<RunLedger>();
        services.AddSingleton<ImportMetrics>();
        services.AddTransient<ImportRunJob>();
        services.AddTransient<ImportRunSweeper>();
        services.AddTransient<Schedules.ScheduledImportJob>();
        // Imports run unattended, often in Atlassian's maintenance window: be patient with 429 and 503.
        services.AddHttpClient(CsmClient.HttpClientName)
            .AddHttpMessageHandler(s => new ResilienceHandler(ResilienceHandler.CreatePipeline(s.GetRequiredService<TimeProvider>(), maxRetries: 6)))
            .AddHttpMessageHandler<TenantCircuitBreakerHandler>();
    }
}
