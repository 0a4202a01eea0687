using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Connector.Sandbox.Sites;

namespace Connector.Sandbox.Jira;

/// <summary>
/// Jira Service Management's classic customer and organization APIs (/rest/servicedeskapi), which
/// Connect apps may call with their JWT. Pages by start/limit with isLastPage; errors as
/// {"errorMessage": ...}.
/// </summary>
public static class JsmEndpoints
{
    public static void MapJsm(this RouteGroupBuilder site)
    {
        var jsm = site.MapGroup("/rest/servicedeskapi");
        jsm.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var sites = http.RequestServices.GetRequiredService<SiteDirectory>();
            if (sites.Find((string)http.Request.RouteValues["siteName"]!) is not { } s) return Error(404, "Site not found.");
            var caller = await http.RequestServices.GetRequiredService<JiraAuth>().AuthenticateAsync(s, http.Request);
            if (caller is null) return JiraAuth.Refusal();
            if (!caller.IsAdmin) return Error(403, "You must be a Jira administrator to manage customers and organizations.");
            http.Items[typeof(Site)] = s;
            return await next(context);
        });

        jsm.MapPost("/customer", (HttpContext http, JsonObject body, bool? strictConflictStatusCode) =>
        {
            var s = (Site)http.Items[typeof(Site)]!;
            var email = (string?)body["email"];
            if (string.IsNullOrWhiteSpace(email) || !email.Contains('@')) return Error(400, "The email address is not valid.");
            var customer = s.Csm.CreateCustomer(email.Trim(), (string?)body["displayName"] ?? email, out var existed);
            if (existed) return Error(strictConflictStatusCode == true ? 409 : 400, "A user with that email address already exists.");
            return Results.Json(new
            {
                accountId = customer.Id, name = customer.Email, key = customer.Email, emailAddress = customer.Email,
                displayName = customer.DisplayName, active = true, timeZone = s.TimeZone,
                _links = new { self = $"{s.BaseUrl}/rest/api/2/user?accountId={customer.Id}" },
            }, statusCode: 201);
        });

        jsm.MapGet("/organization", (HttpContext http, int? start, int? limit) =>
        {
            var s = (Site)http.Items[typeof(Site)]!;
            var from = Math.Max(0, start ?? 0);
            var size = Math.Clamp(limit ?? 50, 1, 100);
            var all = s.Csm.Organizations();
            var values = all.Skip(from).Take(size).Select(o => new { id = o.Id, name = o.Name, _links = new { self = $"{s.BaseUrl}/rest/servicedeskapi/organization/{o.Id}" } }).ToList();
            return Results.Json(new { size = values.Count, start = from, limit = size, isLastPage = from + size >= all.Count, values });
        });

        jsm.MapPost("/organization", (HttpContext http, JsonObject body) =>
        {
            var s = (Site)http.Items[typeof(Site)]!;
            var name = (string?)body["name"];
            if (string.IsNullOrWhiteSpace(name)) return Error(400, "The organization name is required.");
            return s.Csm.CreateOrganization(name) is { } organization
                ? Results.Json(new { id = organization.Id, name = organization.Name, scimManaged = false }, statusCode: 201)
                : Error(400, "An organization with that name already exists.");
        });

        jsm.MapPost("/organization/{organizationId}/user", (HttpContext http, string organizationId, JsonObject body) =>
            Members(http, organizationId, body, add: true));
        // DELETE with a body is what JSM expects here; minimal APIs only bind it when told to.
        jsm.MapDelete("/organization/{organizationId}/user", (HttpContext http, string organizationId, [FromBody] JsonObject body) =>
            Members(http, organizationId, body, add: false));
    }

    static IResult Members(HttpContext http, string organizationId, JsonObject body, bool add)
    {
        var s = (Site)http.Items[typeof(Site)]!;
        if (s.Csm.Organization(organizationId) is null) return Error(404, "Organization not found.");
        var accountIds = (body["accountIds"]?.AsArray() ?? []).Select(a => (string?)a).OfType<string>().ToList();
        if (accountIds.Count > 50) return Error(400, "At most 50 account IDs per request.");
        s.Csm.SetMembers(organizationId, accountIds, add);
        return Results.NoContent();
    }

    static IResult Error(int status, string message) =>
        Results.Json(new { errorMessage = message, i18nErrorMessage = new { i18nKey = "sd.error", parameters = Array.Empty<string>() } }, statusCode: status);
}
