using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Connector.Web.Platform.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Connector.Web.Tenancy.Product;

/// <summary>
/// Asks the product, as the app, whether a user administers it; caches the answer briefly. Jira: the global
/// ADMINISTER permission (POST /rest/api/3/permissions/check). Confluence: the user's operations
/// (GET /wiki/rest/api/user?accountId=…&amp;expand=operations) include "administer" on the "application".
/// </summary>
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
            response = tenant.IsConfluence
                ? await product.SendAsync(tenant, HttpMethod.Get, $"rest/api/user?accountId={Uri.EscapeDataString(accountId)}&expand=operations", null, cancellationToken)
                : await product.SendAsync(tenant, HttpMethod.Post, "rest/api/3/permissions/check",
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
                logger.LogWarning("Permission check for {Tenant} answered {Status}", tenant.Key, (int)response.StatusCode);
                throw new ProductUnavailableException($"The Atlassian site answered the permission check with HTTP {(int)response.StatusCode}.");
            }
            var answer = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            var isAdmin = tenant.IsConfluence ? AdministersConfluence(answer) : AdministersJira(answer);
            cache.Set(key, isAdmin, options.Value.AdminCheckCacheDuration);
            return isAdmin;
        }
    }

    static bool AdministersJira(JsonObject? answer) =>
        (answer?["globalPermissions"]?.AsArray() ?? []).Any(p => (string?)p == "ADMINISTER");

    static bool AdministersConfluence(JsonObject? user) =>
        (user?["operations"]?.AsArray() ?? []).OfType<JsonObject>()
            .Any(o => (string?)o["operation"] == "administer" && (string?)o["targetType"] == "application");
}
