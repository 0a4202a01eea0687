using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Connector.Web.Connect.Product;
using Connector.Web.Connect.Tenants;
using Connector.Web.Connections;
using Connector.Web.Platform.Secrets;
using Connector.Web.Sources;
using Microsoft.Extensions.Options;

namespace Connector.Web.Csm;

/// <summary>
/// Writes to the tenant's customer directory. Customers and organizations are created and linked
/// through JSM's servicedeskapi as the app (Connect JWT); detail fields and values go through the CSM
/// API with the tenant's stored credential. Record-level refusals come back as words; a destination
/// that cannot be used at all throws <see cref="CsmUnavailableException"/>.
/// </summary>
public sealed class CsmClient(
    ProductClient product, IHttpClientFactory httpClients, SecretProtector secrets, IOptions<SourcesOptions> options)
{
    public const string HttpClientName = "csm";

    /// <summary>Checks a CSM credential by listing customer detail fields, as a Jira admin would see them.</summary>
    public async Task<SourceCheck> CheckAsync(Tenant tenant, string email, string token, CancellationToken cancellationToken)
    {
        if (tenant.CloudId is null) return SourceCheck.Failed("We do not know this site's cloud ID yet. Reinstall the app, then try again.");
        try
        {
            using var response = await SendCsmAsync(tenant, email, token, HttpMethod.Get, "customer/details", null, cancellationToken);
            return response.StatusCode switch
            {
                HttpStatusCode.OK => SourceCheck.Connected(),
                HttpStatusCode.NotFound => SourceCheck.Failed("Customer Service Management is not available on this site. Turn on customer and organization profiles in a service project first."),
                HttpStatusCode.Forbidden => SourceCheck.Failed("This user is not a Jira administrator, which the CSM API requires."),
                _ => SourceCheck.Failed(SourceHttp.Problem(response, "The CSM API", "this email and API token") ?? "The CSM API refused the request."),
            };
        }
        catch (Exception e) when (SourceHttp.Problem(e, "The CSM API") is { } problem)
        {
            return SourceCheck.Failed(problem);
        }
    }

    public async Task<IReadOnlyList<ExistingField>> FieldsAsync(Tenant tenant, CsmAccess access, CsmEntity entity, CancellationToken cancellationToken)
    {
        using var response = await CsmAsync(tenant, access, HttpMethod.Get, $"{Path(entity)}/details", null, cancellationToken);
        EnsureUsable(response);
        var results = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["results"]?.AsArray() ?? [];
        return results.OfType<JsonObject>().Select(f => new ExistingField((string)f["name"]!, Enum.Parse<CsmFieldType>((string)f["type"]!["name"]!),
            (f["type"]!["options"]?.AsArray() ?? []).Select(o => (string)o!).ToList())).ToList();
    }

    public async Task<string?> CreateFieldAsync(Tenant tenant, CsmAccess access, DetailMapping field, CancellationToken cancellationToken)
    {
        object type = field.Options is { Count: > 0 } ? new { name = field.Type.ToString(), options = field.Options } : new { name = field.Type.ToString() };
        using var response = await CsmAsync(tenant, access, HttpMethod.Post, $"{Path(field.Entity)}/details", new { name = field.Field, type }, cancellationToken);
        return response.IsSuccessStatusCode ? null : await ProblemAsync(response, cancellationToken);
    }

    public async Task<string?> SetDetailAsync(Tenant tenant, CsmAccess access, CsmEntity entity, string id, string field, IReadOnlyList<string> values,
        CancellationToken cancellationToken)
    {
        using var response = await CsmAsync(tenant, access, HttpMethod.Put,
            $"{Path(entity)}/{Uri.EscapeDataString(id)}/details?fieldName={Uri.EscapeDataString(field)}", new { values }, cancellationToken);
        if (response.IsSuccessStatusCode) return null;
        EnsureUsable(response);
        return $"{field}: {await ProblemAsync(response, cancellationToken)}";
    }

    /// <summary>The account id of the customer with this email, if the site has one.</summary>
    public async Task<string?> FindCustomerAsync(Tenant tenant, string email, CancellationToken cancellationToken)
    {
        using var response = await product.SendAsync(tenant, HttpMethod.Get, $"rest/api/3/user/search?query={Uri.EscapeDataString(email)}&maxResults=50", null, cancellationToken);
        EnsureUsable(response);
        var users = await response.Content.ReadFromJsonAsync<JsonArray>(cancellationToken) ?? [];
        return users.OfType<JsonObject>()
            .FirstOrDefault(u => string.Equals((string?)u["emailAddress"], email, StringComparison.OrdinalIgnoreCase))?["accountId"]?.GetValue<string>();
    }

    /// <summary>Creates the customer, or finds the one that already has this email.</summary>
    public async Task<(string? Id, bool Created, string? Problem)> EnsureCustomerAsync(Tenant tenant, MappedCustomer customer, CancellationToken cancellationToken)
    {
        using var response = await product.SendAsync(tenant, HttpMethod.Post, "rest/servicedeskapi/customer?strictConflictStatusCode=true",
            new { email = customer.Email, displayName = customer.DisplayName }, cancellationToken);
        if (response.IsSuccessStatusCode)
            return ((await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["accountId"]?.GetValue<string>(), true, null);
        if (response.StatusCode == HttpStatusCode.Conflict && await FindCustomerAsync(tenant, customer.Email, cancellationToken) is { } existing)
            return (existing, false, null);
        EnsureUsable(response);
        return (null, false, await ProblemAsync(response, cancellationToken));
    }

    /// <summary>Every organization of the site by lower-cased name (JSM pages them by start/limit).</summary>
    public async Task<Dictionary<string, string>> OrganizationsAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var start = 0; ; start += 50)
        {
            using var response = await product.SendAsync(tenant, HttpMethod.Get, $"rest/servicedeskapi/organization?start={start}&limit=50", null, cancellationToken);
            EnsureUsable(response);
            var page = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            foreach (var organization in (page?["values"]?.AsArray() ?? []).OfType<JsonObject>())
                byName[(string)organization["name"]!] = (string)organization["id"]!;
            if (page?["isLastPage"]?.GetValue<bool>() != false) return byName;
        }
    }

    public async Task<(string? Id, string? Problem)> CreateOrganizationAsync(Tenant tenant, string name, CancellationToken cancellationToken)
    {
        using var response = await product.SendAsync(tenant, HttpMethod.Post, "rest/servicedeskapi/organization", new { name }, cancellationToken);
        if (response.IsSuccessStatusCode) return ((await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["id"]?.GetValue<string>(), null);
        EnsureUsable(response);
        return (null, await ProblemAsync(response, cancellationToken));
    }

    public async Task<string?> SetMembersAsync(Tenant tenant, string organizationId, IReadOnlyList<string> accountIds, bool add, CancellationToken cancellationToken)
    {
        foreach (var chunk in accountIds.Chunk(50))
        {
            using var response = await product.SendAsync(tenant, add ? HttpMethod.Post : HttpMethod.Delete,
                $"rest/servicedeskapi/organization/{Uri.EscapeDataString(organizationId)}/user", new { accountIds = chunk }, cancellationToken);
            if (response.IsSuccessStatusCode) continue;
            EnsureUsable(response);
            return await ProblemAsync(response, cancellationToken);
        }
        return null;
    }

    /// <summary>Removes a customer from every organization it belongs to.</summary>
    public async Task<string?> LeaveOrganizationsAsync(Tenant tenant, CsmAccess access, string customerId, CancellationToken cancellationToken)
    {
        using var response = await CsmAsync(tenant, access, HttpMethod.Get, $"customer/{Uri.EscapeDataString(customerId)}", null, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            EnsureUsable(response);
            return await ProblemAsync(response, cancellationToken);
        }
        var organizations = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["organizations"]?.AsArray() ?? [];
        foreach (var organization in organizations.OfType<JsonObject>())
            if (await SetMembersAsync(tenant, (string)organization["id"]!, [customerId], add: false, cancellationToken) is { } problem) return problem;
        return null;
    }

    Task<HttpResponseMessage> CsmAsync(Tenant tenant, CsmAccess access, HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        SendCsmAsync(tenant, access.Email, secrets.Unprotect(access.TokenProtected), method, path, body, cancellationToken);

    async Task<HttpResponseMessage> SendCsmAsync(Tenant tenant, string email, string token, HttpMethod method, string path, object? body,
        CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, $"{options.Value.ApiGatewayUrl.TrimEnd('/')}/jsm/csm/cloudid/{tenant.CloudId}/api/v1/{path}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{email}:{token}")));
        if (body is not null) request.Content = JsonContent.Create(body);
        request.Options.Set(ProductClient.TenantOption, tenant);
        return await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
    }

    /// <summary>Credentials refused or the site unreachable (after retries): no record can be written, so stop the run.</summary>
    static void EnsureUsable(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode) return;
        var message = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => "The site refused our credentials. Check the CSM access on the Settings page, or reinstall the app.",
            HttpStatusCode.Forbidden when response.RequestMessage?.RequestUri?.AbsolutePath.Contains("/jsm/csm/") == true =>
                "The CSM credential no longer belongs to a Jira administrator. Update it on the Settings page.",
            HttpStatusCode.TooManyRequests => "The site kept limiting our requests, even after waiting as it asked.",
            HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout =>
                "The site was unavailable, probably because Atlassian was updating it.",
            _ => null,
        };
        if (message is not null) throw new CsmUnavailableException(message, (int)response.StatusCode);
    }

    static async Task<string> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            return (string?)body?["errorMessage"] ?? (string?)body?["errorMessages"]?[0] ?? (string?)body?["message"] ?? $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException)
        {
            return $"HTTP {(int)response.StatusCode}";
        }
    }

    static string Path(CsmEntity entity) => entity == CsmEntity.Customer ? "customer" : "organization";
}

public sealed record ExistingField(string Name, CsmFieldType Type, IReadOnlyList<string> Options);

/// <summary>The destination cannot be written to at all; the message is for the admin.</summary>
public sealed class CsmUnavailableException(string message, int status) : Exception(message)
{
    public int Status { get; } = status;
}
