using Connector.Web.Connect.Auth;
using Connector.Web.Connect.Descriptor;
using Connector.Web.Connect.Jwt;
using Connector.Web.Connect.Lifecycle;
using Connector.Web.Connect.Product;
using Connector.Web.Connect.Tenants;
using Connector.Web.Platform.Http;
using Microsoft.AspNetCore.Authorization;

namespace Connector.Web.Connect;

public static class ConnectRegistration
{
    public static void AddConnect(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ConnectOptions>().BindConfiguration(ConnectOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<AppDescriptor>();
        services.AddScoped<TenantContext>();
        services.AddScoped<ConnectSession>();
        services.AddScoped<TenantStore>();
        services.AddScoped<TenantClock>();
        services.AddScoped<ProductTokenVerifier>();
        services.AddScoped<SessionTokens>();
        services.AddScoped<InstallTokenVerifier>();
        services.AddScoped<TenantInstaller>();
        services.AddScoped<ProductPermissions>();
        services.AddScoped<ProductUsers>();
        services.AddSingleton<IProductCredentials, ConnectAppCredentials>();
        services.AddTransient<UninstalledTenantPurge>();
        services.AddSingleton(services => ResilienceHandler.CreatePipeline(services.GetRequiredService<TimeProvider>()));
        services.AddTransient<ResilienceHandler>();
        services.AddTransient<ProductAuthenticationHandler>();
        services.AddSingleton<TenantCircuitBreakers>();
        services.AddTransient<TenantCircuitBreakerHandler>();

        services.AddSingleton<InstallKeys>();
        services.AddHttpClient(InstallKeys.HttpClientName).AddHttpMessageHandler<ResilienceHandler>();
        services.AddHttpClient<TenantInfoClient>(TenantInfoClient.HttpClientName).AddHttpMessageHandler<ResilienceHandler>();
        services.AddHttpClient<ProductClient>(ProductClient.HttpClientName)
            .AddHttpMessageHandler<ResilienceHandler>()
            .AddHttpMessageHandler<TenantCircuitBreakerHandler>()
            .AddHttpMessageHandler<ProductAuthenticationHandler>();

        // No default scheme: only endpoints whose policy names Connect run its handler (and log its refusals).
        services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ConnectAuthenticationHandler>(
                ConnectAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(ConnectPolicies.Add);
        services.AddScoped<IAuthorizationHandler, SiteAdminHandler>();
    }

    public static void UseConnect(this WebApplication app)
    {
        app.UseMiddleware<ProductUnavailablePage>();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
    }

    public static void MapConnectEndpoints(this WebApplication app)
    {
        app.MapGet("/atlassian-connect.json", (AppDescriptor descriptor) =>
            Results.Text(descriptor.Json, "application/json")).AllowAnonymous();
        app.MapLifecycle();
        app.MapSessionEndpoint();
        app.MapOperatorEndpoints();
    }
}
