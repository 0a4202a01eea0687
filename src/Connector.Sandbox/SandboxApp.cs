using Connector.Sandbox.Admin;
using Connector.Sandbox.Confluence;
using Connector.Sandbox.Entra;
using Connector.Sandbox.Connect;
using Connector.Sandbox.Control;
using Connector.Sandbox.Csm;
using Connector.Sandbox.Faults;
using Connector.Sandbox.Forge;
using Connector.Sandbox.Host;
using Connector.Sandbox.Jira;
using Connector.Sandbox.Sites;

namespace Connector.Sandbox;

/// <summary>
/// A stand-in for Atlassian's cloud on loopback: sites that install our app with signed installs,
/// a Jira-like host page that frames our pages with real JWTs, and the REST APIs our app calls.
/// State is in memory: this is a test double of Atlassian, not part of the product.
/// </summary>
public static class SandboxApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SiteDirectory>();
        builder.Services.AddSingleton<RequestCounts>();
        builder.Services.AddSingleton<InstallSigningKey>();
        builder.Services.AddSingleton<TokenMinter>();
        builder.Services.AddSingleton<AppJwtVerifier>();
        builder.Services.AddSingleton<JiraAuth>();
        builder.Services.AddSingleton<Privacy.AccountPrivacy>();
        builder.Services.AddHttpClient<AppInstaller>();
        builder.Services.AddSingleton<ForgeSigning>();
        builder.Services.AddHttpClient<ForgeDelivery>();
        builder.Services.AddHttpClient("forge-invoke");

        var app = builder.Build();
        app.UseMiddleware<ForgeGateway>(); // before routing: it hands /ex/jira/{cloudId}/... to the site's own endpoints
        app.UseRouting();
        app.UseMiddleware<FaultMiddleware>();
        app.MapInstallKeys();
        app.MapControl();
        app.MapHost();
        app.MapJira();
        app.MapConfluence();
        app.MapEntra();
        DataCenter.DataCenterEndpoints.MapDataCenter(app);
        Salesforce.SalesforceEndpoints.MapSalesforce(app);
        HubSpot.HubSpotEndpoints.MapHubSpot(app);
        app.MapAdmin();
        app.MapCsm();
        app.MapForge();
        Privacy.PrivacyEndpoints.MapPrivacy(app);
        return app;
    }
}
