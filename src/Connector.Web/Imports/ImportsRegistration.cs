using Connector.Web.Platform.Scheduling;

namespace Connector.Web.Imports;

public static class ImportsRegistration
{
    public static void AddImports(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<ImportRuns>();
        services.AddScoped<Tenancy.Privacy.IPersonalDataHolder, RunPersonalData>();
        services.AddScoped<RunProblemsExport>();
        services.AddScoped<ImportRunner>();
        services.AddScoped<RunLedger>();
        services.AddScoped<PageWriter>();
        services.AddScoped<PreviewWriter>();
        services.AddScoped<OrganizationWriter>();
        services.AddScoped<Deactivation>();
        services.AddScoped<ChangeReads>();
        services.AddSingleton<ImportMetrics>();
        services.AddTransient<ImportRunJob>();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section);
        services.AddRecurringJob<RunRetention>(RunRetention.Key, "run-retention-daily", RecurringSchedule.DailyUtc(4, 15));
        services.AddOptions<ImportsOptions>().BindConfiguration(ImportsOptions.Section);
        var sweepEvery = builder.Configuration.GetSection(ImportsOptions.Section).Get<ImportsOptions>()?.SweepInterval ?? new ImportsOptions().SweepInterval;
        // The trigger keeps its first name, which predates the setting: a new name would leave the old trigger firing in existing databases.
        services.AddRecurringJob<ImportRunSweeper>(ImportRunSweeper.Key, "import-run-sweeper-every-30s", RecurringSchedule.Every(sweepEvery));
    }
}
