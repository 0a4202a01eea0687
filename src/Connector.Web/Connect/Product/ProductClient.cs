using System.Net.Http.Json;
using Connector.Web.Connect.Tenants;

namespace Connector.Web.Connect.Product;

/// <summary>Calls the tenant's own product REST API (Jira, JSM) at its baseUrl, authenticated as the app.</summary>
public sealed class ProductClient(HttpClient http)
{
    public const string HttpClientName = "product";
    public static readonly HttpRequestOptionsKey<Tenant> TenantOption = new("connector.tenant");

    public async Task<HttpResponseMessage> SendAsync(
        Tenant tenant, HttpMethod method, string pathAndQuery, object? jsonBody, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, new Uri(tenant.BaseUrl.TrimEnd('/') + "/" + pathAndQuery.TrimStart('/')));
        if (jsonBody is not null) request.Content = JsonContent.Create(jsonBody);
        request.Options.Set(TenantOption, tenant);
        return await http.SendAsync(request, cancellationToken);
    }
}

/// <summary>Adds the product credentials to each attempt, so a retried request carries a fresh token.</summary>
sealed class ProductAuthenticationHandler(IProductCredentials credentials) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(ProductClient.TenantOption, out var tenant))
            throw new InvalidOperationException("A product request was sent without its tenant.");
        await credentials.AuthenticateAsync(request, tenant, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>The product could not answer, even after retries; shown to the admin as "try again".</summary>
public sealed class ProductUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
