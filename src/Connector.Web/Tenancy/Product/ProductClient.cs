using System.Net.Http.Json;
using Connector.Web.Platform.Http;

namespace Connector.Web.Tenancy.Product;

/// <summary>
/// Calls the tenant's own product REST API (Jira, JSM) as the app. Where that API lives and how a call is
/// signed depend on how the tenant reached us (Connect or Forge); <see cref="IProductAccess"/> says which.
/// </summary>
public sealed class ProductClient(HttpClient http, IEnumerable<IProductAccess> accesses)
{
    public const string HttpClientName = "product";
    public static readonly HttpRequestOptionsKey<Tenant> TenantOption = new("connector.tenant");

    /// <summary>Whether the app reaches the tenant's CSM API itself (through Forge), with no stored credential.</summary>
    public bool ReachesCsm(Tenant tenant) => accesses.FirstOrDefault(a => a.Serves(tenant))?.ReachesCsm == true;

    public async Task<HttpResponseMessage> SendAsync(
        Tenant tenant, HttpMethod method, string pathAndQuery, object? jsonBody, CancellationToken cancellationToken)
    {
        var baseUri = AccessFor(tenant).BaseUri(tenant).ToString().TrimEnd('/');
        return await SendAsync(tenant, method, new Uri(baseUri + "/" + pathAndQuery.TrimStart('/')), jsonBody, cancellationToken);
    }

    /// <summary>Calls one of Atlassian's app-level APIs (the personal data report) for the tenant, as the app.</summary>
    public async Task<HttpResponseMessage> SendToPlatformAsync(
        Tenant tenant, HttpMethod method, string path, object? jsonBody, CancellationToken cancellationToken)
    {
        var platform = AccessFor(tenant).PlatformUri(tenant).ToString().TrimEnd('/');
        return await SendAsync(tenant, method, new Uri(platform + "/" + path.TrimStart('/')), jsonBody, cancellationToken);
    }

    async Task<HttpResponseMessage> SendAsync(Tenant tenant, HttpMethod method, Uri uri, object? jsonBody, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, uri);
        if (jsonBody is not null) request.Content = JsonContent.Create(jsonBody);
        request.Options.Set(TenantOption, tenant);
        OutgoingCall.SetPartition(request, tenant.Id.ToString());
        return await http.SendAsync(request, cancellationToken);
    }

    internal IProductAccess AccessFor(Tenant tenant) =>
        accesses.FirstOrDefault(a => a.Serves(tenant))
            ?? throw new ProductUnavailableException("This site has no way for the app to call it (neither Connect nor Forge).");
}

/// <summary>
/// How calls to a tenant's product are addressed and authenticated. Connect signs a JWT as the app against
/// the site URL; Forge sends the app system token to the installation's apiBaseUrl. Features never see which.
/// </summary>
public interface IProductAccess
{
    /// <summary>Whether this is how the app calls the tenant's site (asked in registration order; the first that says yes serves).</summary>
    bool Serves(Tenant tenant);

    Uri BaseUri(Tenant tenant);

    /// <summary>
    /// Where Atlassian's app-level APIs (personal data reporting) answer this way of calling: the site itself for
    /// Connect (with the app's JWT, as Atlassian's guide says for Connect apps), the API gateway's root for Forge.
    /// </summary>
    Uri PlatformUri(Tenant tenant);

    /// <summary>Whether this access reaches the CSM API as the app (Forge does; Connect apps cannot).</summary>
    bool ReachesCsm { get; }

    Task AuthenticateAsync(HttpRequestMessage request, Tenant tenant, CancellationToken cancellationToken);

    /// <summary>Sees every answer (a 401 to a revoked token says the app was uninstalled).</summary>
    Task ObserveAsync(HttpResponseMessage response, Tenant tenant, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Adds the credentials to each attempt, so a retried request carries a fresh token.</summary>
sealed class ProductAuthenticationHandler(IEnumerable<IProductAccess> accesses) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(ProductClient.TenantOption, out var tenant))
            throw new InvalidOperationException("A product request was sent without its tenant.");
        var access = accesses.First(a => a.Serves(tenant));
        await access.AuthenticateAsync(request, tenant, cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        await access.ObserveAsync(response, tenant, cancellationToken);
        return response;
    }
}

/// <summary>The product could not answer, even after retries; shown to the admin as "try again".</summary>
public sealed class ProductUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The token the app calls the site with has lapsed, and Atlassian has not sent a fresh one (Forge refreshes
/// it on every invocation and hourly). No call is made; the edge says what the admin can do.
/// </summary>
public sealed class ProductAccessLapsedException(DateTimeOffset lapsedAt)
    : Exception($"The app's access to the site lapsed at {lapsedAt:u}.")
{
    public DateTimeOffset LapsedAt { get; } = lapsedAt;
}
