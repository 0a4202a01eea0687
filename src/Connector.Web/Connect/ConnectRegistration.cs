using Connector.Web.Connect.Descriptor;
using Connector.Web.Connect.Jwt;
using Connector.Web.Connect.Lifecycle;
using Connector.Web.Connect.Product;
using Connector.Web.Platform.Http;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Access;
using Connector.Web.Tenancy.Product;
using Microsoft.Extensions.Options;

namespace Connector.Web.Connect;

public static class ConnectRegistration
{
    public static void AddConnect(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ConnectOptions>().BindConfiguration(ConnectOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AppDescriptor>();

        services.AddScoped<ProductTokenVerifier>();
        services.AddScoped<ICallerTokenVerifier>(s => s.GetRequiredService<ProductTokenVerifier>());
        services.AddSingleton<ConnectAppCredentials>();
        services.AddSingleton<IProductAccess>(s => s.GetRequiredService<ConnectAppCredentials>());
        services.AddScoped<IFrameAncestors, ConnectFrameAncestors>();
        services.AddSingleton<IAppAddress, ConnectAppAddress>();
        services.AddSingleton<IAppLinks, ConnectAppLinks>();

        services.AddScoped<InstallTokenVerifier>();
        services.AddScoped<TenantInstaller>();
        services.AddSingleton<InstallKeys>();
        services.AddHttpClient(InstallKeys.HttpClientName).AddCallResilience(CallPatience.Interactive);
        services.AddHttpClient<TenantInfoClient>(TenantInfoClient.HttpClientName).AddCallResilience(CallPatience.Interactive);

        // Our 401s name the app key as their realm; pages load Connect's all.js; https deployments send HSTS.
        services.AddOptions<CallerAuthenticationOptions>(CallerAuthenticationHandler.SchemeName)
            .Configure<AppDescriptor>((caller, descriptor) => caller.Realm = descriptor.Jira.Key);
        services.AddOptions<SecurityHeadersOptions>().Configure<IOptions<ConnectOptions>>((headers, connect) =>
        {
            headers.ScriptSources.Add(SecurityHeaders.Origin(connect.Value.AllJsUrl));
            headers.Hsts |= connect.Value.BaseUri().Scheme == Uri.UriSchemeHttps;
        });
    }

    /// <summary>
    /// The Confluence app's baseUrl is ours plus /confluence: its pages, lifecycle and descriptor are the same endpoints
    /// below that path base. Before routing, so routes match without it and <see cref="ConnectProducts.Addressed"/> can tell.
    /// </summary>
    public static void UseConnectProductPaths(this WebApplication app) => app.UsePathBase(ConnectProducts.ConfluencePathBase);

    public static void MapConnectEndpoints(this WebApplication app)
    {
        app.MapGet("/atlassian-connect.json", (HttpRequest request, AppDescriptor descriptor) =>
            Results.Text(descriptor.For(request).Json, "application/json")).AllowAnonymous();
        app.MapLifecycle();
    }
}
