using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Connector.Web.Platform.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Connector.Web.Tenancy.Product;

/// <summary>Asks the product, as the app, whether a user holds the global ADMINISTER permission; caches the answer briefly.</summary>
public sealed class ProductPermissions(
    ProductClient product, IMemoryCache cache, IOptions<TenancyOptions> options, ILogger<ProductPermissions> logger)
{
    public async Task<bool> IsSiteAdminAsync(Tenant tenant, string accountId, CancellationToken cancellationToken)
    {
        var key = (nameof(IsSiteAdminAsync), tenant.Id, accountId);
        if (cache.TryGetValue(key, out bool known)) return known;

        HttpResponseMessage response;
        try
        {
            response = await product.SendAsync(tenant, HttpMethod.Post, "rest/api/3/permissions/check",
                new { accountId, globalPermissions = new[] { "ADMINISTER" } }, cancellationToken);
        }
        catch (Exception e) when (OutgoingCall.IsUnanswered(e))
        {
            throw new ProductUnavailableException("The Atlassian site did not answer the permission check.", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Permission check for {ClientKey} answered {Status}", tenant.ClientKey, (int)response.StatusCode);
                throw new ProductUnavailableException($"The Atlassian site answered the permission check with HTTP {(int)response.StatusCode}.");
            }
            var answer = await response.Content.ReadFromJsonAsync<PermissionCheckAnswer>(cancellationToken);
            var isAdmin = answer?.GlobalPermissions?.Contains("ADMINISTER") == true;
            cache.Set(key, isAdmin, options.Value.AdminCheckCacheDuration);
            return isAdmin;
        }
    }

    sealed record PermissionCheckAnswer([property: JsonPropertyName("globalPermissions")] string[]? GlobalPermissions);
}
