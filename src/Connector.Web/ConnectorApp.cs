using Connector.Web.Connect;
using Connector.Web.Connections;
using Connector.Web.Csm;
using Connector.Web.Forge;
using Connector.Web.Imports;
using Connector.Web.Notifications;
using Connector.Web.Pages;
using Connector.Web.Platform;
using Connector.Web.Platform.Database;
using Connector.Web.Platform.Scheduling;
using Connector.Web.Schedules;
using Connector.Web.Sources;
using Connector.Web.Tenancy;

namespace Connector.Web;

/// <summary>
/// The composition root, bottom layer first. Tests build the same app through <see cref="Create"/> and
/// only add their own configuration, so what they exercise is what production runs.
/// </summary>
public static class ConnectorApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Named explicitly: under a test host the entry assembly is the test runner, and Razor Pages
            // would look for pages there.
            ApplicationName = typeof(ConnectorApp).Assembly.GetName().Name,
            ContentRootPath = FindContentRoot(),
        });
        builder.AddPlatformLogging();
        configure?.Invoke(builder);

        // The database first: its migrations must run before any other hosted service (Data Protection
        // loads its key ring from a migrated table at start-up).
        builder.AddDatabase();
        builder.AddPlatform();
        builder.AddScheduling();
        builder.AddTenancy();
        builder.AddConnect();
        builder.AddForge();
        builder.AddSources();
        builder.AddCsm();
        builder.AddConnections();
        builder.AddImports();
        builder.AddNotifications();
        builder.AddSchedules();
        builder.AddAdminPages();

        var app = builder.Build();
        app.UsePlatform();
        app.UseConnectProductPaths();
        app.UseTenancy();
        app.MapAdminPages();
        app.MapPlatformEndpoints();
        app.MapTenancyEndpoints();
        app.MapConnectEndpoints();
        app.MapForgeEndpoints();
        app.MapRunEndpoints();
        app.MapAlertEndpoints();

        return app;
    }

    // Tests run from bin/; the Razor views are compiled in, but wwwroot is read from disk.
    static string FindContentRoot()
    {
        var fromBin = new DirectoryInfo(AppContext.BaseDirectory);
        for (var dir = fromBin; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Connector.Web");
            if (File.Exists(Path.Combine(candidate, "Connector.Web.csproj"))) return candidate;
        }
        return Directory.GetCurrentDirectory();
    }
}
