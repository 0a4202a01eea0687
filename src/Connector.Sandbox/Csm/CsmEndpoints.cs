using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Connector.Sandbox.Jira;
using Connector.Sandbox.Sites;

namespace Connector.Sandbox.Csm;

/// <summary>
/// The Customer Service Management REST API at {gateway}/jsm/csm/cloudid/{cloudId}/api/v1, basic auth
/// with a Jira administrator's email and API token, or a Forge app's system token through /ex/jira/{cloudId}/jsm/csm/api/v1
/// (Connect JWTs are not accepted here, as in reality).
/// Errors use CSM's envelope: {"errorMessage", "errors", "statusCode"}.
/// </summary>
public static class CsmEndpoints
{
    public static void MapCsm(this IEndpointRouteBuilder app)
    {
        var csm = app.MapGroup("/gateway/jsm/csm/cloudid/{cloudId}/api/v1");
        csm.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var sites = http.RequestServices.GetRequiredService<SiteDirectory>();
            if (sites.All.FirstOrDefault(s => s.CloudId == (string?)http.Request.RouteValues["cloudId"]) is not { } site)
                return Error(404, "Site not found.");
            if (Forge.ForgeGateway.IsApp(http, site))
            {
                http.Items[typeof(Site)] = site;
                return await next(context);
            }
            if (http.Request.Headers.Authorization.ToString().StartsWith("JWT ", StringComparison.Ordinal))
                return Error(401, "Connect app JWTs are not accepted by the Customer Service Management API.");
            var caller = await http.RequestServices.GetRequiredService<JiraAuth>().AuthenticateAsync(site, http.Request);
            if (caller?.User is null) return Error(401, "Unauthenticated.");
            if (!caller.IsAdmin) return Error(403, "You need the Administer Jira permission.");
            http.Items[typeof(Site)] = site;
            return await next(context);
        });

        foreach (var entity in new[] { "customer", "organization" })
        {
            csm.MapGet($"/{entity}/details", (HttpContext http) =>
                Results.Json(new { results = SiteOf(http).Csm.Fields(entity).Select(FieldJson) }));
            csm.MapPost($"/{entity}/details", (HttpContext http, JsonObject body) =>
            {
                var field = ReadField(body);
                return SiteOf(http).Csm.AddField(entity, field) is { } problem ? Error(400, problem) : Results.Json(FieldJson(field));
            });
            csm.MapPost($"/{entity}/details/definitions/bulk", (HttpContext http, JsonObject body) =>
            {
                var site = SiteOf(http);
                var batch = (body["detailFields"]?.AsArray() ?? []).OfType<JsonObject>().Select(ReadField).ToList();
                return StartTask(http, body, $"BULK_{entity.ToUpperInvariant()}_DETAIL_DEFINITIONS_CREATE", () =>
                    site.Csm.AddFields(entity, batch) is { } problem
                        ? [new TaskFailure(entity.ToUpperInvariant(), null, "CREATE", "DETAIL_FIELD", batch.Select(f => f.Name).ToArray(), problem)]
                        : []);
            });
        }

        csm.MapGet("/customer/{customerId}", (HttpContext http, string customerId) =>
            SiteOf(http).Csm.Customer(customerId) is { } customer ? Results.Json(CustomerJson(SiteOf(http), customer)) : Error(404, "Customer not found."));
        csm.MapPut("/customer/{customerId}/details", (HttpContext http, string customerId, string fieldName, JsonObject body) =>
        {
            var site = SiteOf(http);
            if (site.Csm.Customer(customerId) is not { } customer) return Error(404, "Customer not found.");
            return SetDetail(site, "customer", customer, fieldName, body);
        });
        csm.MapPost("/customer/search-by-detail-field", (HttpContext http, JsonObject body, int? page, int? maxResults) =>
        {
            var site = SiteOf(http);
            var (name, value) = DetailQuery(body);
            var found = site.Csm.SearchByDetail(site.Csm.Customers(), name, value);
            return Paged(found.Select(c => CustomerJson(site, c)), page, maxResults);
        });
        csm.MapPost("/customer/profile/bulk", (HttpContext http, JsonObject body) =>
        {
            var site = SiteOf(http);
            var profiles = (body["customerProfiles"]?.AsArray() ?? []).OfType<JsonObject>().ToList();
            if (profiles.Count > 100) return Error(400, "A maximum of 100 customer profiles is allowed per request.");
            return StartTask(http, body, "BULK_CUSTOMER_PROFILE_CREATE_UPDATE", () => UpsertProfiles(site, profiles));
        });

        csm.MapGet("/organization/{organizationId}", (HttpContext http, string organizationId) =>
            SiteOf(http).Csm.Organization(organizationId) is { } organization ? Results.Json(OrganizationJson(organization)) : Error(404, "Organization not found."));
        csm.MapPut("/organization/{organizationId}/details", (HttpContext http, string organizationId, string fieldName, JsonObject body) =>
        {
            var site = SiteOf(http);
            if (site.Csm.Organization(organizationId) is not { } organization) return Error(404, "Organization not found.");
            return SetDetail(site, "organization", organization, fieldName, body);
        });
        csm.MapPost("/organization/search-by-detail-field", (HttpContext http, JsonObject body, int? page, int? maxResults) =>
        {
            var site = SiteOf(http);
            var (name, value) = DetailQuery(body);
            return Paged(site.Csm.SearchByDetail(site.Csm.Organizations(), name, value).Select(OrganizationJson), page, maxResults);
        });

        csm.MapGet("/tasks/{taskId}", (HttpContext http, string taskId) =>
        {
            if (SiteOf(http).Tasks.Find(taskId) is not { } task) return Error(404, "Task not found.");
            return Results.Json(new
            {
                id = task.Id, type = task.Type, status = task.Status(DateTimeOffset.UtcNow), failures = task.Failures,
                createdAt = task.CreatedAt, updatedAt = task.FinishesAt,
            });
        });
    }

    static List<TaskFailure> UpsertProfiles(Site site, List<JsonObject> profiles)
    {
        var failures = new List<TaskFailure>();
        foreach (var profile in profiles)
        {
            var payload = profile["payload"]?.AsObject();
            var email = (string?)payload?["email"];
            if (string.IsNullOrWhiteSpace(email))
            {
                failures.Add(new("CUSTOMER", null, "UPSERT", "CUSTOMER_ACCOUNT", [], "Email is required."));
                continue;
            }
            var customer = site.Csm.CreateCustomer(email, (string?)payload!["displayName"] ?? email, out _);
            if ((string?)payload["displayName"] is { } name) customer.DisplayName = name;
            foreach (var detail in (payload["details"]?.AsArray() ?? []).OfType<JsonObject>())
            {
                var fieldName = (string?)detail["name"] ?? "";
                var values = (detail["values"]?.AsArray() ?? []).Select(v => (string?)v ?? "").ToList();
                if (site.Csm.SetDetail("customer", customer, fieldName, values) is { } problem)
                    failures.Add(new("CUSTOMER", customer.Id, "UPSERT", "CUSTOMER_DETAIL", [fieldName], problem));
            }
        }
        return failures;
    }

    static IResult StartTask(HttpContext http, JsonObject body, string type, Func<List<TaskFailure>> work)
    {
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (string.IsNullOrWhiteSpace(key)) return Error(400, "The Idempotency-Key header is required.");
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body.ToJsonString())));
        var site = SiteOf(http);
        var (task, problem) = site.Tasks.Start(type, key, hash, work);
        return task is null
            ? Error(problem == "Maximum number of tasks reached" ? 400 : 409, problem!)
            : Results.Json(new { id = task.Id, statusUrl = $"/api/v1/tasks/{task.Id}" }, statusCode: 202);
    }

    static IResult SetDetail(Site site, string entity, IHasDetails target, string fieldName, JsonObject body)
    {
        var values = (body["values"]?.AsArray() ?? []).Select(v => (string?)v ?? "").ToList();
        if (site.Csm.SetDetail(entity, target, fieldName, values) is { } problem) return Error(400, problem);
        var field = site.Csm.Fields(entity).First(f => string.Equals(f.Name, fieldName, StringComparison.OrdinalIgnoreCase));
        return Results.Json(new { id = field.Position.ToString(), name = field.Name, type = TypeJson(field), values });
    }

    static (string Name, string Value) DetailQuery(JsonObject body)
    {
        var first = body["detailFields"]?.AsArray().OfType<JsonObject>().FirstOrDefault();
        return ((string?)first?["name"] ?? "", (string?)first?["value"] ?? "");
    }

    static IResult Paged<T>(IEnumerable<T> items, int? page, int? maxResults)
    {
        var size = Math.Clamp(maxResults ?? 50, 1, 100);
        var all = items.ToList();
        var current = Math.Max(1, page ?? 1);
        var slice = all.Skip((current - 1) * size).Take(size).ToList();
        return Results.Json(new { results = slice, page = current, maxResults = size, isLastPage = current * size >= all.Count });
    }

    static DetailField ReadField(JsonObject body) => new(
        (string?)body["name"] ?? "",
        (string?)body["type"]?["name"] ?? "",
        (body["type"]?["options"]?.AsArray() ?? []).Select(o => (string?)o ?? "").ToList());

    static object FieldJson(DetailField field) => new { name = field.Name, type = TypeJson(field), configuration = new { position = field.Position } };

    static object TypeJson(DetailField field) => field.Options.Count > 0 ? new { name = field.Type, options = field.Options } : new { name = field.Type };

    static object CustomerJson(Site site, Customer customer) => new
    {
        id = customer.Id, name = customer.DisplayName, email = customer.Email,
        details = DetailsJson(site.Csm.Fields("customer"), customer),
        organizations = customer.Organizations.Select(id => site.Csm.Organization(id)).OfType<Organization>().Select(o => new { id = o.Id, name = o.Name }),
    };

    static object OrganizationJson(Organization organization) => new { id = organization.Id, name = organization.Name, details = organization.Details.Select(d => new { name = d.Key, values = d.Value }) };

    static IEnumerable<object> DetailsJson(IReadOnlyList<DetailField> fields, IHasDetails target) =>
        fields.Where(f => target.Details.ContainsKey(f.Name)).Select(f => new
        {
            id = f.Position.ToString(), name = f.Name, type = TypeJson(f), values = target.Details[f.Name], configuration = new { position = f.Position },
        });

    static Site SiteOf(HttpContext http) => (Site)http.Items[typeof(Site)]!;

    /// <summary>CSM's error envelope.</summary>
    public static IResult Error(int status, string message) =>
        Results.Json(new { errorMessage = message, errors = new[] { status == 400 ? "BAD_REQUEST" : "ERROR" }, statusCode = status }, statusCode: status);
}
