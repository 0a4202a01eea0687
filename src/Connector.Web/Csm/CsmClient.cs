using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Connector.Web.Platform.Http;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Product;
using Microsoft.Extensions.Options;

namespace Connector.Web.Csm;

/// <summary>
/// The Customer Service Management API: detail field definitions and values. Whole-destination failures
/// throw <see cref="CsmUnavailableException"/>; a refused record comes back as a <see cref="CsmRefusal"/>.
/// </summary>
public sealed class CsmClient(CredentialCalls credentialCalls, ProductClient product, IOptions<AtlassianOptions> atlassian)
{
    public const string HttpClientName = "csm";

    /// <summary>
    /// Checks a CSM credential by listing customer detail fields, as a Jira admin would see them; null when it works.
    /// A Confluence install writes customers through JSM with the same credential, so its site's JSM is checked first.
    /// </summary>
    public async Task<CsmProblem?> CheckAsync(Tenant tenant, string email, string token, CancellationToken cancellationToken)
    {
        if (tenant.CloudId is null) return CsmProblem.SiteUnknown;
        try
        {
            if (tenant.IsConfluence && await CheckJsmAsync(tenant, email, token, cancellationToken) is { } jsmProblem) return jsmProblem;
            using var response = await credentialCalls.SendAsync(tenant, email, token, HttpMethod.Get, CsmUrl(tenant, "customer/details"), null, cancellationToken);
            return CheckProblem(response, whenMissing: CsmProblem.NotAvailable);
        }
        catch (Exception e) when (OutgoingCall.IsUnanswered(e))
        {
            return CsmProblem.Unreachable;
        }
    }

    async Task<CsmProblem?> CheckJsmAsync(Tenant tenant, string email, string token, CancellationToken cancellationToken)
    {
        using var response = await credentialCalls.SendAsync(tenant, email, token, HttpMethod.Get,
            JsmClient.SiteUrl(tenant, "rest/servicedeskapi/organization?limit=1"), null, cancellationToken);
        return CheckProblem(response, whenMissing: CsmProblem.NoServiceManagement);
    }

    /// <summary>What a credential check's answer says: 404 means the API is missing from the site, not a bad credential.</summary>
    static CsmProblem? CheckProblem(HttpResponseMessage response, CsmProblem whenMissing) =>
        response.StatusCode == HttpStatusCode.NotFound ? whenMissing
        : response.IsSuccessStatusCode ? null
        : CsmProblems.Of(response, CsmRoute.CsmWithCredential) ?? CsmProblem.Refused;

    public async Task<IReadOnlyList<CsmField>> FieldsAsync(CsmDestination destination, CsmEntity entity, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(destination, HttpMethod.Get, $"{Path(entity)}/details", null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) throw new CsmUnavailableException(CsmProblem.NotAvailable, 404);
        CsmProblems.EnsureUsable(response, destination.Route);
        var results = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["results"]?.AsArray() ?? [];
        return results.OfType<JsonObject>().Select(f => new CsmField(entity, (string)f["name"]!, Enum.Parse<CsmFieldType>((string)f["type"]!["name"]!),
            (f["type"]!["options"]?.AsArray() ?? []).Select(o => (string)o!).ToList())).ToList();
    }

    public async Task<CsmRefusal?> CreateFieldAsync(CsmDestination destination, CsmField field, CancellationToken cancellationToken)
    {
        object type = field.Options is { Count: > 0 } ? new { name = field.Type.ToString(), options = field.Options } : new { name = field.Type.ToString() };
        using var response = await SendAsync(destination, HttpMethod.Post, $"{Path(field.Entity)}/details", new { name = field.Name, type }, cancellationToken);
        return await CsmRefusal.OfAsync(response, destination.Route, cancellationToken);
    }

    public async Task<CsmRefusal?> SetDetailAsync(CsmDestination destination, CsmEntity entity, string id, string field, IReadOnlyList<string> values,
        CancellationToken cancellationToken)
    {
        using var response = await SendAsync(destination, HttpMethod.Put,
            $"{Path(entity)}/{Uri.EscapeDataString(id)}/details?fieldName={Uri.EscapeDataString(field)}", new { values }, cancellationToken);
        return await CsmRefusal.OfAsync(response, destination.Route, cancellationToken) is { } refusal ? refusal with { Field = field } : null;
    }

    /// <summary>Sets several detail values of one customer or organization, one call each (an empty list clears); the refusals, each naming its field.</summary>
    public async Task<List<CsmRefusal>> SetDetailsAsync(CsmDestination destination, CsmEntity entity, string id,
        IEnumerable<(string Field, IReadOnlyList<string> Values)> values, CancellationToken cancellationToken)
    {
        var refusals = new List<CsmRefusal>();
        foreach (var (field, fieldValues) in values)
            if (await SetDetailAsync(destination, entity, id, field, fieldValues, cancellationToken) is { } refusal) refusals.Add(refusal);
        return refusals;
    }

    /// <summary>A customer as the directory holds it now (for Preview changes); null when it cannot be read.</summary>
    public async Task<CsmCustomer?> CustomerAsync(CsmDestination destination, string customerId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(destination, HttpMethod.Get, $"customer/{Uri.EscapeDataString(customerId)}", null, cancellationToken);
        if (!response.IsSuccessStatusCode || await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) is not { } customer) return null;
        var details = (customer["details"]?.AsArray() ?? []).OfType<JsonObject>().ToDictionary(
            d => (string)d["name"]!, d => (IReadOnlyList<string>)(d["values"]?.AsArray() ?? []).Select(v => (string)v!).ToList(), StringComparer.OrdinalIgnoreCase);
        var organizations = (customer["organizations"]?.AsArray() ?? []).OfType<JsonObject>().Select(o => (string)o["name"]!).ToList();
        return new CsmCustomer((string?)customer["name"], details, organizations);
    }

    /// <summary>The ids of the organizations a customer belongs to.</summary>
    public async Task<(IReadOnlyList<string> Organizations, CsmRefusal? Refusal)> OrganizationsOfCustomerAsync(CsmDestination destination,
        string customerId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(destination, HttpMethod.Get, $"customer/{Uri.EscapeDataString(customerId)}", null, cancellationToken);
        if (await CsmRefusal.OfAsync(response, destination.Route, cancellationToken) is { } refusal) return ([], refusal);
        var organizations = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["organizations"]?.AsArray() ?? [];
        return (organizations.OfType<JsonObject>().Select(o => (string)o["id"]!).ToList(), null);
    }

    /// <summary>As the app through the site's API base (Forge's /jsm/csm/api/v1), or through the gateway with the stored credential.</summary>
    Task<HttpResponseMessage> SendAsync(CsmDestination destination, HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        destination.Credential is { } credential
            ? credentialCalls.SendAsync(destination.Tenant, credential, method, CsmUrl(destination.Tenant, path), body, cancellationToken)
            : product.SendAsync(destination.Tenant, method, $"jsm/csm/api/v1/{path}", body, cancellationToken);

    Uri CsmUrl(Tenant tenant, string path) => new(atlassian.Value.Gateway($"jsm/csm/cloudid/{tenant.CloudId}/api/v1/{path}"));

    static string Path(CsmEntity entity) => entity == CsmEntity.Customer ? "customer" : "organization";
}

/// <summary>What the directory holds for one customer: its name, detail values by field name and organizations by name.</summary>
public sealed record CsmCustomer(string? Name, IReadOnlyDictionary<string, IReadOnlyList<string>> Details, IReadOnlyList<string> Organizations);
