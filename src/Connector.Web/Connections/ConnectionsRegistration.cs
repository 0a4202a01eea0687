namespace Connector.Web.Connections;

public static class ConnectionsRegistration
{
    public static void AddConnections(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ConnectionStore>();
        builder.Services.AddScoped<FieldBuilder>();
    }
}
