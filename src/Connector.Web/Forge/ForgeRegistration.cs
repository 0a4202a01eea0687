using Connector.Web.Forge.Installations;
using Connector.Web.Forge.Invocations;
using Connector.Web.Platform.Http;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Product;
using Microsoft.AspNetCore.Authentication;

namespace Connector.Web.Forge;

public static class ForgeRegistration
{
    public static void AddForge(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ForgeOptions>().BindConfiguration(ForgeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ForgeKeys>();
        services.AddHttpClient(ForgeKeys.HttpClientName).AddCallResilience(CallPatience.Interactive);
        services.AddScoped<InvocationTokens>();
        services.AddScoped<ForgeInstallations>();
        // Registered after Connect's: a site that has both calls through Forge, whose token also reaches CSM.
        services.AddSingleton<IProductAccess, ForgeProductAccess>();
        services.AddSingleton<IAppLinks, ForgeAppLinks>();
        services.AddScoped<IFrameAncestors, ForgeFrameAncestors>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ForgeAuthenticationHandler>(ForgeAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(ForgeEndpoints.AddForgePolicies);
    }
}
