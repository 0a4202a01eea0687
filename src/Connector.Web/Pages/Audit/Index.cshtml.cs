using System.Globalization;
using Connector.Web.Pages.Shared;
using Connector.Web.Platform.Text;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Audit;
using Connector.Web.Tenancy.Product;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Connector.Web.Pages.Audit;

/// <summary>The audit trail: who changed what and when, newest first, filterable and exportable as CSV.</summary>
public sealed class IndexModel(AuditTrail trail, ProductUsers users, TenantContext tenantContext, SiteTime siteTime) : PageModel
{
    public const int PageSize = 50;
    const string OperatorChoice = "operator";

    [FromQuery] public AuditArea? Area { get; set; }

    /// <summary>An admin's account id, or "operator" for changes we made as the app's operators.</summary>
    [FromQuery] public string? Who { get; set; }

    [FromQuery] public string? Q { get; set; }

    [FromQuery] public long? Before { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public long? OlderPageStart { get; private set; }

    /// <summary>Display names of every admin in the trail, by account id (a closed account shows as such).</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadNamesAsync(cancellationToken);
        var page = new List<AuditEntry>();
        await foreach (var entry in trail.FindAsync(Filter, Before, PageSize + 1).WithCancellation(cancellationToken)) page.Add(entry);
        Entries = page.Take(PageSize).ToList();
        OlderPageStart = page.Count > PageSize ? Entries[^1].Id : null;
    }

    /// <summary>Every entry the filter matches, as CSV (UTF-8 with a BOM, so spreadsheets read the arrows and quotes).</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        await LoadNamesAsync(cancellationToken);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = "attachment; filename=\"audit-trail.csv\"";
        await using var writer = new StreamWriter(Response.Body, new System.Text.UTF8Encoding(true));
        await writer.WriteAsync($"Time ({siteTime.ZoneName}),Who,Account ID,Action,Subject,Changes\r\n");
        await foreach (var entry in trail.FindAsync(Filter, olderThanId: null, take: null).WithCancellation(cancellationToken))
            await writer.WriteAsync(string.Join(',', siteTime.Local(entry.At, "yyyy-MM-dd HH:mm:ss"), CsvCell.Of(WhoDid(entry)), CsvCell.Of(entry.ActorAccountId ?? ""),
                CsvCell.Of(ActionWords(entry.Action)), CsvCell.Of(entry.Subject), CsvCell.Of(string.Join("; ", entry.Changes.Select(ChangeWords)))) + "\r\n");
        return new EmptyResult();
    }

    AuditFilter Filter => new(Area,
        Who == OperatorChoice ? AuditActor.Operator : null,
        Who is { Length: > 0 } and not OperatorChoice ? Who : null,
        string.IsNullOrWhiteSpace(Q) ? null : Q.Trim());

    async Task LoadNamesAsync(CancellationToken cancellationToken)
    {
        var tenant = tenantContext.RequiredTenant;
        var names = new Dictionary<string, string>();
        foreach (var accountId in await trail.ActorAccountIdsAsync(cancellationToken))
            names[accountId] = await users.DisplayNameAsync(tenant, accountId, cancellationToken);
        Names = names;
    }

    public string WhoDid(AuditEntry entry) => entry.Actor switch
    {
        AuditActor.Operator => "MultiSource Connector (operator)",
        _ when entry.ActorAccountId is { } id => Names.GetValueOrDefault(id, id),
        _ => "A user whose account was closed",
    };

    public static string ActionWords(AuditAction action) => action switch
    {
        AuditAction.SourceCreated => "Added a source",
        AuditAction.SourceEdited => "Edited a source",
        AuditAction.SourceDeleted => "Deleted a source",
        AuditAction.ConnectionCreated => "Added a connection",
        AuditAction.ConnectionEdited => "Edited a connection",
        AuditAction.ConnectionDeleted => "Deleted a connection",
        AuditAction.FieldsBuilt => "Built the detail fields",
        AuditAction.RunStarted => "Started a run",
        AuditAction.RunCancelled => "Cancelled a run",
        AuditAction.DeactivationConfirmed => "Confirmed a deactivation at the safety stop",
        AuditAction.DestinationAccessChanged => "Changed the customer directory access",
        AuditAction.NotificationsChanged => "Changed Notify Me",
        AuditAction.AlertAcknowledged => "Acknowledged an alert",
        _ => "Changed the edition",
    };

    public static string ChangeWords(AuditChange change) => (change.Before, change.After) switch
    {
        (null, AuditChanges.Replaced) => $"{change.Field}: replaced",
        (null, var after) => $"{change.Field}: {after}",
        (var before, null) => $"{change.Field}: {before} (removed)",
        var (before, after) => $"{change.Field}: {before} → {after}",
    };

    public string Link(long? before = null, bool export = false)
    {
        var query = new QueryString();
        if (export) query = query.Add("handler", "export");
        if (Area is { } area) query = query.Add("area", area.ToString());
        if (Who is { Length: > 0 } who) query = query.Add("who", who);
        if (!string.IsNullOrWhiteSpace(Q)) query = query.Add("q", Q.Trim());
        if (before is { } b) query = query.Add("before", b.ToString(CultureInfo.InvariantCulture));
        return $"/audit{query}";
    }

    public static string AreaWords(AuditArea area) => EnumWords.Of(area);
}
