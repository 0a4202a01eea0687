using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Connector.Web.Platform.Http;
using Connector.Web.Tenancy.Privacy;
using Microsoft.Extensions.Caching.Memory;

namespace Connector.Web.Tenancy.Product;

/// <summary>
/// Display names of the tenant's users, asked of the product as the app and cached for an hour. The cache is
/// personal data too: a closed or changed account is dropped from it when Atlassian says so.
/// </summary>
public sealed class ProductUsers(ProductClient product, TenantContext tenantContext, IMemoryCache cache, ILogger<ProductUsers> logger)
    : IPersonalDataHolder
{
    public async Task<string> DisplayNameAsync(Tenant tenant, string accountId, CancellationToken cancellationToken)
    {
        var key = Key(tenant.Id, accountId);
        if (cache.TryGetValue(key, out string? known)) return known!;
        try
        {
            // Jira's /rest/api/3/user and Confluence's /wiki/rest/api/user both answer with the user's displayName.
            var path = tenant.IsConfluence ? "rest/api/user" : "rest/api/3/user";
            using var response = await product.SendAsync(tenant, HttpMethod.Get,
                $"{path}?accountId={Uri.EscapeDataString(accountId)}", null, cancellationToken);
            if (response.IsSuccessStatusCode
                && (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["displayName"]?.GetValue<string>() is { } name)
                return cache.Set(key, name, TimeSpan.FromHours(1));
            logger.LogWarning("The product answered {Status} for a user's display name", (int)response.StatusCode);
        }
        catch (Exception e) when (OutgoingCall.IsUnanswered(e))
        {
            logger.LogWarning(e, "Could not read a user's display name");
        }
        return accountId;
    }

    static (string, Guid, string) Key(Guid tenantId, string accountId) => (nameof(DisplayNameAsync), tenantId, accountId);

    Task<IReadOnlyList<HeldAccount>> IPersonalDataHolder.HeldAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<HeldAccount>>([]);

    public Task EraseAsync(string accountId, CancellationToken cancellationToken) => RefreshAsync(accountId, cancellationToken);

    public Task RefreshAsync(string accountId, CancellationToken cancellationToken)
    {
        cache.Remove(Key(tenantContext.RequiredTenant.Id, accountId));
        return Task.CompletedTask;
    }
}
