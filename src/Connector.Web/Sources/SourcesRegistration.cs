using Connector.Web.Platform.Http;
using Microsoft.AspNetCore.Http.Features;
using Connector.Web.Sources.Csv;
using Connector.Web.Sources.Jira;
using Connector.Web.Sources.Organization;

namespace Connector.Web.Sources;

public static class SourcesRegistration
{
    public static void AddSources(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SourcesOptions>().BindConfiguration(SourcesOptions.Section);
        services.AddSingleton<SourceFileStore>();
        services.AddSingleton<ISourceAdapter, JiraCloudSource>();
        services.AddSingleton<ISourceAdapter, OrganizationSource>();
        services.AddSingleton<ISourceAdapter, CsvSource>();
        services.AddSingleton<SourceAdapters>();
        services.AddScoped<ExternalSources>();
        services.AddTransient<SourceStatusRecheck>();

        // Uploads may be as large as the CSV limit (plus the form around the file), and no larger.
        var uploadLimit = (builder.Configuration.GetValue<long?>($"{SourcesOptions.Section}:{nameof(SourcesOptions.CsvMaxBytes)}")
            ?? new SourcesOptions().CsvMaxBytes) + 1024 * 1024;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = uploadLimit);
        services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = uploadLimit);

        // An admin waits for a check: retry a little, never for minutes. Imports can afford patience.
        services.AddHttpClient(SourceHttp.CheckClient).AddHttpMessageHandler(s => new ResilienceHandler(
            ResilienceHandler.CreatePipeline(s.GetRequiredService<TimeProvider>(), maxRetries: 2,
                attemptTimeout: TimeSpan.FromSeconds(10), maxRetryAfter: TimeSpan.FromSeconds(3))));
        services.AddHttpClient(SourceHttp.ReadClient).AddHttpMessageHandler<ResilienceHandler>();
    }
}
