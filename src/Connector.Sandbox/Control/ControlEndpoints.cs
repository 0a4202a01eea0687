using Connector.Sandbox.Connect;
using Connector.Sandbox.Data;
using Connector.Sandbox.Faults;
using Connector.Sandbox.Sites;

namespace Connector.Sandbox.Control;

/// <summary>Endpoints for people and tests to drive the sandbox: install, uninstall, look at sites.</summary>
public static class ControlEndpoints
{
    public static void MapControl(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/sandbox");
        control.MapGet("/sites", (SiteDirectory sites) => sites.All.Select(s => new
        {
            s.Name, s.BaseUrl, s.ClientKey, s.CloudId, s.Installed, s.Enabled, people = s.People,
            confluence = new { s.Confluence.BaseUrl, s.Confluence.ClientKey, s.Confluence.Installed, s.Confluence.Enabled },
            // A sandbox shows its credentials: they exist so that people can try the app with them.
            users = s.Users.Select(u => new { u.AccountId, u.DisplayName, u.Email, u.IsAdmin, u.ApiToken }),
            entra = new { directoryId = s.Entra.DirectoryId, clientId = s.Entra.ClientId, clientSecret = s.Entra.ClientSecret,
                expiredClientSecret = s.Entra.ExpiredClientSecret, clientIdWithoutPermission = s.Entra.UnpermittedClientId, groupId = s.Entra.GroupId },
            organization = new { id = s.OrganizationId, name = s.OrganizationName,
                apiKeys = s.OrgApiKeys.Select(k => new { key = k.Key, expiresOn = k.Value }) },
        }));
        control.MapPut("/sites/{name}/people", (string name, DataSet people, SiteDirectory sites) =>
        {
            if (sites.Find(name) is not { } site) return Results.NotFound();
            site.People = people;
            return Results.Ok(people);
        });
        control.MapPost("/sites/{name}/org-keys", (string name, OrgKeyRequest request, SiteDirectory sites) =>
        {
            if (sites.Find(name) is not { } site) return Results.NotFound();
            var key = $"org-key-{Guid.NewGuid():N}";
            site.OrgApiKeys[key] = request.ExpiresOn;
            return Results.Ok(new { key, expiresOn = request.ExpiresOn });
        });
        control.MapPut("/sites/{name}/faults", (string name, FaultSettings faults, SiteDirectory sites) =>
        {
            if (sites.Find(name) is not { } site) return Results.NotFound();
            site.Faults.Apply(faults);
            return Results.Ok(faults);
        });
        control.MapDirectoryInspection();
        control.MapGet("/requests", (RequestCounts counts) => counts.Snapshot());
        control.MapDelete("/requests", (RequestCounts counts) =>
        {
            counts.Reset();
            return Results.NoContent();
        });
        // The site's Jira at /sites/{name}/{verb}, its Confluence at /sites/{name}/confluence/{verb}.
        foreach (var product in Enum.GetValues<SiteProduct>())
        {
            var prefix = product == SiteProduct.Confluence ? "/sites/{name}/confluence" : "/sites/{name}";
            control.MapPost(prefix + "/install", (string name, SiteDirectory sites, AppInstaller installer, CancellationToken ct) =>
                WithSite(sites, name, site => installer.InstallAsync(site, product, ct)));
            control.MapPost(prefix + "/uninstall", (string name, SiteDirectory sites, AppInstaller installer, CancellationToken ct) =>
                WithSite(sites, name, site => installer.UninstallAsync(site, product, ct)));
            control.MapPost(prefix + "/enable", (string name, SiteDirectory sites, AppInstaller installer, CancellationToken ct) =>
                WithSite(sites, name, site => installer.SetEnabledAsync(site, product, true, ct)));
            control.MapPost(prefix + "/disable", (string name, SiteDirectory sites, AppInstaller installer, CancellationToken ct) =>
                WithSite(sites, name, site => installer.SetEnabledAsync(site, product, false, ct)));
        }
    }

    public sealed record OrgKeyRequest(DateOnly ExpiresOn);

    static async Task<IResult> WithSite(SiteDirectory sites, string name, Func<Site, Task<LifecycleOutcome>> action)
    {
        if (sites.Find(name) is not { } site) return Results.NotFound(new { errorMessages = new[] { $"No site named {name}." } });
        var outcome = await action(site);
        return Results.Json(outcome, statusCode: outcome.Succeeded ? 200 : 502);
    }
}
