using Connector.Web.Platform.Database;
using Connector.Web.Platform.Http;
using Connector.Web.Platform.Scheduling;
using Connector.Web.Tenancy.Access;
using Connector.Web.Tenancy.Lifecycle;
using Connector.Web.Tenancy.Privacy;
using Connector.Web.Tenancy.Product;
using Connector.Web.Tenancy.Sessions;
using Microsoft.AspNetCore.Authorization;

namespace Connector.Web.Tenancy;

public static class TenancyRegistration
{
    public static void AddTenancy(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TenancyOptions>().BindConfiguration(TenancyOptions.Section);
        services.AddOptions<AtlassianOptions>().BindConfiguration(AtlassianOptions.Section);

        services.AddScoped<TenantContext>();
        services.AddScoped<ICurrentTenant>(s => s.GetRequiredService<TenantContext>());
        services.AddScoped<TenantStore>();
        services.AddSingleton<TenantCache>();
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, TenantCacheInvalidation>();
        services.AddHostedService<TenantChangeListener>();
        services.AddScoped<TenantClock>();
        services.AddScoped<TenantLifecycle>();
        services.AddScoped<Audit.AuditTrail>();
        services.AddRecurringJob<UninstalledTenantPurge>(UninstalledTenantPurge.Key, "uninstalled-tenant-purge-hourly",
            RecurringSchedule.Every(TimeSpan.FromHours(1)));

        services.AddScoped<PageSession>();
        services.AddScoped<SessionTokens>();
        services.AddScoped<ICallerTokenVerifier>(s => s.GetRequiredService<SessionTokens>());

        services.AddScoped<ProductPermissions>();
        services.AddScoped<ProductUsers>();
        // The name cache is dropped first, so holders that keep a name read it afresh.
        services.AddScoped<IPersonalDataHolder>(s => s.GetRequiredService<ProductUsers>());
        services.AddScoped<IPersonalDataHolder, Audit.AuditPersonalData>();
        services.AddOptions<PersonalDataOptions>().BindConfiguration(PersonalDataOptions.Section);
        services.AddRecurringJob<PersonalDataReport>(PersonalDataReport.Key, "personal-data-report-daily", RecurringSchedule.DailyUtc(3, 45));
        services.AddTransient<ProductAuthenticationHandler>();
        services.AddHttpClient<ProductClient>(ProductClient.HttpClientName)
            .AddCallResilience(CallPatience.Site)
            .AddHttpMessageHandler<ProductAuthenticationHandler>();

        // No default scheme: only endpoints whose policy names the caller scheme run its handler (and log its refusals).
        services.AddAuthentication()
            .AddScheme<CallerAuthenticationOptions, CallerAuthenticationHandler>(CallerAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(AccessPolicies.Add);
        services.AddRateLimits(builder.Configuration);
        services.AddScoped<IAuthorizationHandler, SiteAdminHandler>();
    }

    public static void UseTenancy(this WebApplication app)
    {
        app.UseMiddleware<ProductUnavailablePage>();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
    }

    public static void MapTenancyEndpoints(this WebApplication app)
    {
        app.MapSessionEndpoint();
        app.MapOperatorEndpoints();
    }
}
