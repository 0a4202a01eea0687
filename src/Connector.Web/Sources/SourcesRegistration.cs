using Connector.Web.Platform.Http;
using Connector.Web.Platform.Scheduling;
using Connector.Web.Sources.Csv;
using Connector.Web.Sources.Jira;
using Connector.Web.Sources.Organization;
using Microsoft.AspNetCore.Http.Features;

namespace Connector.Web.Sources;

public static class SourcesRegistration
{
    public static void AddSources(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SourcesOptions>().BindConfiguration(SourcesOptions.Section);
        services.AddScoped<SourceFileStore>();
        services.AddScoped<Tenancy.Privacy.IPersonalDataHolder, SourcePersonalData>();
        services.AddScoped<ISourceAdapter, JiraCloudSource>();
        services.AddScoped<ISourceAdapter, OrganizationSource>();
        services.AddScoped<ISourceAdapter, Entra.EntraIdSource>();
        services.AddScoped<ISourceAdapter, JiraDataCenter.JiraDataCenterSource>();
        services.AddScoped<ISourceAdapter, Salesforce.SalesforceSource>();
        services.AddScoped<ISourceAdapter, HubSpot.HubSpotSource>();
        services.AddScoped<CsvSource>();
        services.AddScoped<ISourceAdapter>(s => s.GetRequiredService<CsvSource>());
        services.AddScoped<SourceAdapters>();
        services.AddScoped<ExternalSources>();
        services.AddRecurringJob<SourceStatusRecheck>(SourceStatusRecheck.Key, "source-status-recheck-daily", RecurringSchedule.DailyUtc(3, 30));

        // Uploads may be as large as the CSV limit (plus the form around the file), and no larger.
        var uploadLimit = (builder.Configuration.GetValue<long?>($"{SourcesOptions.Section}:{nameof(SourcesOptions.CsvMaxBytes)}")
            ?? new SourcesOptions().CsvMaxBytes) + 1024 * 1024;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = uploadLimit);
        services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = uploadLimit);

        // Sources call addresses a tenant typed: only public ones (loopback only when the sandbox asks for it).
        // An operator may allow private networks (a Jira Data Center inside the network the app runs in); a wrong entry stops the start.
        var sourcesSection = builder.Configuration.GetSection(SourcesOptions.Section).Get<SourcesOptions>() ?? new SourcesOptions();
        var (allowLoopback, allowedNetworks) = (sourcesSection.AllowLoopback, sourcesSection.AllowedPrivateNetworks.Select(System.Net.IPNetwork.Parse).ToList());
        services.AddHttpClient(SourceHttp.CheckClient).ConfigurePrimaryHttpMessageHandler(() => PublicAddressGuard.Handler(allowLoopback, allowedNetworks))
            .AddCallResilience(CallPatience.Interactive);
        services.AddHttpClient(SourceHttp.ReadClient).ConfigurePrimaryHttpMessageHandler(() => PublicAddressGuard.Handler(allowLoopback, allowedNetworks))
            .AddCallResilience(CallPatience.SourceRead);
    }
}
