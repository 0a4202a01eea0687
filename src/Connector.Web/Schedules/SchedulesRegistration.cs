using Connector.Web.Imports;
using Connector.Web.Tenancy.Lifecycle;

namespace Connector.Web.Schedules;

public static class SchedulesRegistration
{
    public static void AddSchedules(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<ConnectionSchedules>();
        services.AddTransient<ScheduledImportJob>();
        services.AddScoped<ITenantLifecycleObserver, TenantSchedules>();
        services.AddScoped<IRunObserver, RetryAfterSiteUpdate>();
    }
}
