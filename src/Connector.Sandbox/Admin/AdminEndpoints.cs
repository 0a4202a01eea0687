using System.Text;
using Connector.Sandbox.Sites;
using Microsoft.Extensions.Options;

namespace Connector.Sandbox.Admin;

/// <summary>
/// The Atlassian Administration API as served by api.atlassian.com, here under /gateway: organizations
/// and the v2 directory users, authenticated by organization API keys (Bearer) that expire.
/// </summary>
public static class AdminEndpoints
{
    public static void MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/gateway/admin");

        admin.MapGet("/v1/orgs", (HttpRequest request, SiteDirectory sites, IOptions<SandboxOptions> options) =>
        {
            if (Authenticate(request, sites) is not { } site) return Unauthenticated();
            var self = $"{options.Value.BaseUrl.TrimEnd('/')}/gateway/admin/v1/orgs";
            return Results.Json(new
            {
                data = new[] { new { id = site.OrganizationId, type = "orgs", attributes = new { name = site.OrganizationName },
                    links = new { self = $"{self}/{site.OrganizationId}" } } },
                links = new { next = (string?)null },
            });
        });

        admin.MapGet("/v2/orgs/{orgId}/directories/{directoryId}/users", (string orgId, string directoryId, int? limit, string? cursor,
            HttpRequest request, SiteDirectory sites, IOptions<SandboxOptions> options) =>
        {
            if (Authenticate(request, sites) is not { } site) return Unauthenticated();
            if (site.OrganizationId != orgId) return Error(404, "ORG_NOT_FOUND", "Organization not found", "The organization does not exist or the key cannot see it.");
            if (directoryId != "-") return Error(404, "DIRECTORY_NOT_FOUND", "Directory not found", "Use - for all directories.");
            var size = Math.Clamp(limit ?? 20, 1, 100);
            if (Offset(cursor, orgId) is not { } offset) return Error(400, "INVALID_PAGE_CURSOR", "Invalid page cursor", "The cursor is not valid for this request.");

            var people = site.People.Range(offset, size).Where(p => p.AccountType == "atlassian").Select(p => new
            {
                accountId = p.AccountId,
                accountType = "atlassian",
                status = p.Active ? "active" : "suspended",
                accountStatus = p.Active ? "active" : "inactive",
                membershipStatus = "active",
                addedToOrg = "2024-01-15T09:00:00.000Z",
                name = p.DisplayName,
                nickname = p.DisplayName.Split(' ')[0],
                email = p.Email ?? $"{p.AccountId}@hidden.example",
                emailVerified = true,
                claimStatus = "managed",
                platformRoles = Array.Empty<string>(),
                picture = $"https://avatar.example/{p.AccountId}",
                links = new { self = $"{options.Value.BaseUrl.TrimEnd('/')}/gateway/admin/v2/orgs/{orgId}/directories/-/users/{p.AccountId}" },
            }).ToList();
            var next = offset + size < site.People.Users ? Cursor(offset + size, orgId) : null;
            return Results.Json(new { data = people, links = new { self = cursor, next, prev = (string?)null } });
        });
    }

    static Site? Authenticate(HttpRequest request, SiteDirectory sites)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal)) return null;
        var key = header[7..].Trim();
        var site = sites.All.FirstOrDefault(s => s.OrgApiKeys.ContainsKey(key));
        return site is not null && site.OrgApiKeys[key] >= DateOnly.FromDateTime(DateTime.UtcNow) ? site : null;
    }

    // Opaque to clients, as Atlassian's are; bound to the organization so it cannot be replayed elsewhere.
    static string Cursor(int offset, string orgId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{orgId}|{offset}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    static int? Offset(string? cursor, string orgId)
    {
        if (string.IsNullOrEmpty(cursor)) return 0;
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|');
            return parts.Length == 2 && parts[0] == orgId && int.TryParse(parts[1], out var offset) && offset >= 0 ? offset : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    static IResult Unauthenticated() =>
        Error(401, "UNAUTHENTICATED", "Unauthorized", "The API key is invalid, expired or revoked.");

    /// <summary>The directory APIs' error envelope: {"errors":[{id,status,code,title,detail}]}.</summary>
    static IResult Error(int status, string code, string title, string detail) =>
        Results.Json(new { errors = new[] { new { id = Guid.NewGuid().ToString(), status = status.ToString(), code, title, detail } } },
            statusCode: status);
}
