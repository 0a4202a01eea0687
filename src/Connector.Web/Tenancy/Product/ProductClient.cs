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

    public async Task<HttpResponseMessage> SendAsync(
        Tenant tenant, HttpMethod method, string pathAndQuery, object? jsonBody, CancellationToken cancellationToken)
    {
        var baseUri = AccessFor(tenant).BaseUri(tenant).ToString().TrimEnd('/');
        var request = new HttpRequestMessage(method, new Uri(baseUri + "/" + pathAndQuery.TrimStart('/')));
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
    bool Serves(Tenant tenant);

    Uri BaseUri(Tenant tenant);

    Task AuthenticateAsync(HttpRequestMessage request, Tenant tenant, CancellationToken cancellationToken);
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
        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>The product could not answer, even after retries; shown to the admin as "try again".</summary>
public sealed class ProductUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
