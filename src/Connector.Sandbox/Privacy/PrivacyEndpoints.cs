using System.Text.Json.Serialization;
using Connector.Sandbox.Connect;
using Connector.Sandbox.Sites;

namespace Connector.Sandbox.Privacy;

/// <summary>
/// Atlassian's personal data reporting API: POST /app/report-accounts/ with {"accounts":[{accountId, updatedAt}]},
/// at most 90; 204 when nothing needs doing, else 200 with {"accounts":[{accountId, status: closed|updated}]}.
/// Shapes from Atlassian's user privacy guide and Forge's privacy API (docs/privacy.md says where). A Connect app
/// calls it on its site with its JWT; a Forge app on the API gateway's root with its system token.
/// </summary>
public static class PrivacyEndpoints
{
    public const int MaxAccounts = 90;

    public static void MapPrivacy(this IEndpointRouteBuilder app)
    {
        // A Connect install reports on its product's own address (Confluence's below /wiki) with that install's JWT.
        foreach (var product in Enum.GetValues<SiteProduct>())
            app.MapPost($"/site/{{siteName}}{product.ContextPath()}/app/report-accounts/", async (string siteName, ReportRequest body,
                HttpRequest request, SiteDirectory sites, AppJwtVerifier verifier, AccountPrivacy privacy) =>
            {
                if (sites.Find(siteName) is not { } site) return Results.NotFound();
                if (await verifier.RefuseAsync(site.Install(product), request) is { } refusal) return Results.Json(new { message = refusal }, statusCode: 401);
                return Answer(new AccountReport(site.Name, product == SiteProduct.Confluence ? "confluence" : "connect", []), body, privacy);
            });

        app.MapPost("/app/report-accounts/", (ReportRequest body, HttpRequest request, SiteDirectory sites, AccountPrivacy privacy, TimeProvider time) =>
        {
            var header = request.Headers.Authorization.ToString();
            var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
            if (sites.All.FirstOrDefault(s => s.Forge.Accepts(token, time.GetUtcNow())) is not { } site)
                return Results.Json(new { message = "Unauthorized" }, statusCode: 401);
            return Answer(new AccountReport(site.Name, "forge", []), body, privacy);
        });
    }

    static IResult Answer(AccountReport report, ReportRequest body, AccountPrivacy privacy)
    {
        if (body.Accounts is not { Count: > 0 and <= MaxAccounts } accounts || accounts.Any(a => string.IsNullOrEmpty(a.AccountId)))
            return Results.Json(new { message = $"Report between 1 and {MaxAccounts} accounts, each with an accountId and updatedAt." }, statusCode: 400);
        privacy.Reports.Enqueue(report with { AccountIds = accounts.Select(a => a.AccountId!).ToList() });
        var actions = accounts
            .Select(a => (a.AccountId, Status: privacy.StatusOf(a.AccountId!, a.UpdatedAt)))
            .Where(a => a.Status is not null)
            .Select(a => new { accountId = a.AccountId, status = a.Status })
            .ToList();
        return actions.Count == 0 ? Results.NoContent() : Results.Json(new { accounts = actions });
    }

    public sealed record ReportRequest([property: JsonPropertyName("accounts")] List<ReportedAccount>? Accounts);

    public sealed record ReportedAccount(
        [property: JsonPropertyName("accountId")] string? AccountId,
        [property: JsonPropertyName("updatedAt")] DateTimeOffset UpdatedAt);
}
