namespace Connector.Web.Notifications;

public static class NotificationsRegistration
{
    public static void AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section);
        builder.Services.AddSingleton<Mailer>();
        builder.Services.AddScoped<Alerts>();
        builder.Services.AddScoped<NotifySettingsStore>();
    }
}
