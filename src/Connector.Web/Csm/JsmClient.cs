using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Product;

namespace Connector.Web.Csm;

/// <summary>A customer as JSM returned it: its account id, whether this call created it, or why it was refused.</summary>
public sealed record CustomerOutcome(string? Id, bool Created, CsmRefusal? Refusal);

/// <summary>
/// Jira Service Management's classic customer and organization APIs (/rest/servicedeskapi), which the app calls
/// as itself from Jira (Connect or Forge), and with the stored credential from Confluence: customers and
/// organizations are created and linked here, their details through CSM.
/// </summary>
public sealed class JsmClient(ProductClient product, CredentialCalls credentialCalls)
{
    /// <summary>An address on the site's own root, where Jira and JSM answer (not below Confluence's /wiki).</summary>
    public static Uri SiteUrl(Tenant tenant, string pathAndQuery) => new($"{tenant.SiteUrl}/{pathAndQuery.TrimStart('/')}");

    CsmRoute Route(CsmDestination destination) =>
        destination.CallsJsmWithCredential ? CsmRoute.CsmWithCredential
        : product.ReachesCsm(destination.Tenant) ? CsmRoute.AsApp
        : CsmRoute.Jsm;

    Task<HttpResponseMessage> SendAsync(CsmDestination destination, HttpMethod method, string pathAndQuery, object? body,
        CancellationToken cancellationToken) =>
        destination.CallsJsmWithCredential
            ? credentialCalls.SendAsync(destination.Tenant, destination.Credential!, method, SiteUrl(destination.Tenant, pathAndQuery), body, cancellationToken)
            : product.SendAsync(destination.Tenant, method, pathAndQuery, body, cancellationToken);

    /// <summary>The account id of the customer with this email, if the site has one.</summary>
    public async Task<string?> FindCustomerAsync(CsmDestination destination, string email, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(destination, HttpMethod.Get, $"rest/api/3/user/search?query={Uri.EscapeDataString(email)}&maxResults=50", null, cancellationToken);
        CsmProblems.EnsureUsable(response, Route(destination));
        var users = await response.Content.ReadFromJsonAsync<JsonArray>(cancellationToken) ?? [];
        return users.OfType<JsonObject>()
            .FirstOrDefault(u => string.Equals((string?)u["emailAddress"], email, StringComparison.OrdinalIgnoreCase))?["accountId"]?.GetValue<string>();
    }

    /// <summary>Creates the customer, or finds the one that already has this email.</summary>
    public async Task<CustomerOutcome> EnsureCustomerAsync(CsmDestination destination, string email, string displayName, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(destination, HttpMethod.Post, "rest/servicedeskapi/customer?strictConflictStatusCode=true",
            new { email, displayName }, cancellationToken);
        if (response.IsSuccessStatusCode)
            return new((await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["accountId"]?.GetValue<string>(), true, null);
        if (response.StatusCode == HttpStatusCode.Conflict && await FindCustomerAsync(destination, email, cancellationToken) is { } existing)
            return new(existing, false, null);
        return new(null, false, await CsmRefusal.OfAsync(response, Route(destination), cancellationToken));
    }

    /// <summary>Every organization of the site by name, case-insensitively (JSM pages them by start/limit).</summary>
    public async Task<Dictionary<string, string>> OrganizationsAsync(CsmDestination destination, CancellationToken cancellationToken)
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var start = 0; ; start += 50)
        {
            using var response = await SendAsync(destination, HttpMethod.Get, $"rest/servicedeskapi/organization?start={start}&limit=50", null, cancellationToken);
            CsmProblems.EnsureUsable(response, Route(destination));
            var page = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            foreach (var organization in (page?["values"]?.AsArray() ?? []).OfType<JsonObject>())
                byName[(string)organization["name"]!] = (string)organization["id"]!;
            if (page?["isLastPage"]?.GetValue<bool>() != false) return byName;
        }
    }

    public async Task<(string? Id, CsmRefusal? Refusal)> CreateOrganizationAsync(CsmDestination destination, string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(destination, HttpMethod.Post, "rest/servicedeskapi/organization", new { name }, cancellationToken);
        if (response.IsSuccessStatusCode) return ((await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["id"]?.GetValue<string>(), null);
        return (null, await CsmRefusal.OfAsync(response, Route(destination), cancellationToken));
    }

    /// <summary>Adds customers to an organization, or removes them, 50 at a time.</summary>
    public async Task<CsmRefusal?> SetMembersAsync(CsmDestination destination, string organizationId, IReadOnlyList<string> accountIds, bool add,
        CancellationToken cancellationToken)
    {
        foreach (var chunk in accountIds.Chunk(50))
        {
            using var response = await SendAsync(destination, add ? HttpMethod.Post : HttpMethod.Delete,
                $"rest/servicedeskapi/organization/{Uri.EscapeDataString(organizationId)}/user", new { accountIds = chunk }, cancellationToken);
            if (await CsmRefusal.OfAsync(response, Route(destination), cancellationToken) is { } refusal) return refusal;
        }
        return null;
    }
}
