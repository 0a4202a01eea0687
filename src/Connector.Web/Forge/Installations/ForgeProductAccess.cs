using System.Net;
using System.Net.Http.Headers;
using Connector.Web.Platform.Secrets;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Lifecycle;
using Connector.Web.Tenancy.Product;

namespace Connector.Web.Forge.Installations;

/// <summary>
/// Forge's way to call a site as the app: the installation's API base (/ex/jira/{cloudId}) with the latest app
/// system token as a bearer token. It reaches Jira, JSM and CSM alike. A lapsed token is not sent; a 401 says the
/// site no longer knows the app, and the tenant becomes dormant.
/// </summary>
public sealed class ForgeProductAccess(SecretProtector secrets, IServiceScopeFactory scopes, TimeProvider time) : IProductAccess
{
    public bool Serves(Tenant tenant) => tenant.HasForgeAccess;

    public Uri BaseUri(Tenant tenant) => new(tenant.ForgeApiBaseUrl!.TrimEnd('/') + "/");

    /// <summary>api.atlassian.com itself: what Forge's privacy API calls (/app/report-accounts/) lives above /ex/jira.</summary>
    public Uri PlatformUri(Tenant tenant) => new(new Uri(tenant.ForgeApiBaseUrl!).GetLeftPart(UriPartial.Authority) + "/");

    public bool ReachesCsm => true;

    public Task AuthenticateAsync(HttpRequestMessage request, Tenant tenant, CancellationToken cancellationToken)
    {
        if (tenant.ForgeSystemTokenExpiresAt is { } expiresAt && expiresAt <= time.GetUtcNow()) throw new ProductAccessLapsedException(expiresAt);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secrets.Unprotect(tenant.ForgeSystemTokenProtected!));
        return Task.CompletedTask;
    }

    public async Task ObserveAsync(HttpResponseMessage response, Tenant tenant, CancellationToken cancellationToken)
    {
        if (response.StatusCode != HttpStatusCode.Unauthorized) return;
        // Calls run inside HttpClient's own handler scope; the lifecycle needs the database of a scope of its own.
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TenantLifecycle>().DormantAsync(tenant.Id, CancellationToken.None);
    }
}
