using Connector.Web.Platform.Http;

namespace Connector.Web.Csm;

public static class CsmRegistration
{
    public static void AddCsm(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<CsmClient>();
        services.AddScoped<Tenancy.Privacy.IPersonalDataHolder, CsmAccessPersonalData>();
        services.AddScoped<JsmClient>();
        services.AddScoped<CredentialCalls>();
        services.AddScoped<CsmDestinations>();
        services.AddScoped<CsmAccessStore>();
        // Imports run unattended, often in Atlassian's maintenance window: be patient with 429 and 503.
        services.AddHttpClient(CsmClient.HttpClientName).AddCallResilience(CallPatience.Import);
    }
}
