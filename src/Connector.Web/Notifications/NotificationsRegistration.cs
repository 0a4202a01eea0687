using Connector.Web.Imports;
using Connector.Web.Sources;

namespace Connector.Web.Notifications;

public static class NotificationsRegistration
{
    public static void AddNotifications(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section);
        services.AddSingleton<Mailer>();
        services.AddScoped<Alerts>();
        services.AddScoped<NotifySettingsStore>();
        services.AddScoped<IRunObserver, RunAlerts>();
        services.AddScoped<ISourceStatusObserver, SourceAlerts>();
    }
}
