using System.Net;
using Connector.Web.Platform.Database;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Audit;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Connector.Web.Notifications;

/// <summary>
/// Raises and resolves incidents. An incident that recurs while open only counts up, so admins get
/// one email when it starts and one when it clears, and a banner in the app until they acknowledge it.
/// </summary>
public sealed class Alerts(
    ConnectorDb db, Mailer mailer, TenantContext tenantContext, IEnumerable<IAppLinks> links, AuditTrail audit, TimeProvider time)
{
    public async Task RaiseAsync(string incidentKey, AlertKind kind, string title, string body, string? linkPath, CancellationToken cancellationToken)
    {
        var alert = new Alert { IncidentKey = incidentKey, Kind = kind, Title = title, Body = body, LinkPath = linkPath, OpenedAt = time.GetUtcNow(), Occurrences = 1 };
        if (!await OpenAsync(alert, cancellationToken)) return;

        var settings = await db.Set<NotificationSettings>().AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (settings is null || !settings.Wants(kind)) return;
        if (await mailer.SendAsync(Compose(settings.Emails, title, body, linkPath, tenantContext.RequiredTenant), cancellationToken))
            await db.Set<Alert>().Where(a => a.Id == alert.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Emailed, true), cancellationToken);
    }

    /// <summary>Opens the incident, or counts one more occurrence of the open one. True when it was opened now.</summary>
    async Task<bool> OpenAsync(Alert alert, CancellationToken cancellationToken)
    {
        db.Add(alert);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "alerts_one_open_per_incident" })
        {
            db.Entry(alert).State = EntityState.Detached;
            await db.Set<Alert>().Where(a => a.IncidentKey == alert.IncidentKey && a.ResolvedAt == null).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Occurrences, a => a.Occurrences + 1)
                .SetProperty(a => a.Body, alert.Body)
                .SetProperty(a => a.LinkPath, alert.LinkPath), cancellationToken);
            return false;
        }
    }

    public async Task ResolveAsync(string incidentKey, string recovery, CancellationToken cancellationToken)
    {
        var open = await db.Set<Alert>().SingleOrDefaultAsync(a => a.IncidentKey == incidentKey && a.ResolvedAt == null, cancellationToken);
        if (open is null) return;
        open.ResolvedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        if (!open.Emailed) return;
        var settings = await db.Set<NotificationSettings>().AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (settings is not null) await mailer.SendAsync(Compose(settings.Emails, $"Resolved: {open.Title}", recovery, open.LinkPath, tenantContext.RequiredTenant), cancellationToken);
    }

    /// <summary>What the banner shows: incidents nobody acknowledged yet.</summary>
    public async Task<List<Alert>> UnacknowledgedAsync(CancellationToken cancellationToken) =>
        await Unacknowledged(db).ToListAsync(cancellationToken);

    // Compiled once: every page's layout asks it.
    static readonly Func<ConnectorDb, IAsyncEnumerable<Alert>> Unacknowledged = EF.CompileAsyncQuery((ConnectorDb db) =>
        db.Set<Alert>().AsNoTracking().Where(a => a.AcknowledgedAt == null && a.ResolvedAt == null).OrderByDescending(a => a.OpenedAt).Take(5));

    public async Task<bool> AcknowledgeAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await db.Set<Alert>().SingleOrDefaultAsync(a => a.Id == id, cancellationToken) is not { } alert) return false;
        alert.AcknowledgedAt ??= time.GetUtcNow();
        audit.Note(AuditAction.AlertAcknowledged, alert.Title);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    Email Compose(IReadOnlyList<string> to, string title, string body, string? linkPath, Tenant tenant)
    {
        // Our pages live inside Jira: the link opens the app's page there, where the admin is signed in, and the
        // Connections page forwards to the run it is handed.
        var runId = linkPath?.StartsWith("/runs/") == true ? linkPath["/runs/".Length..] : null;
        var link = links.FirstOrDefault(l => l.Serves(tenant))?.PageUrl(tenant, "connections", runId is null ? null : new Dictionary<string, string> { ["run"] = runId })
            ?? tenant.UserFacingUrl;
        var where = runId is null && linkPath is not null ? $" (in the app: {linkPath})" : "";
        var text = $"{title}\n\n{body}\n\n{(runId is null ? "Open MultiSource Connector in Jira" : "See the run in Jira")}: {link}{where}\n";
        var html = $"""
            <div style="font-family:-apple-system,'Segoe UI',Roboto,sans-serif;font-size:14px;color:#172b4d">
            <h2 style="font-size:16px">{WebUtility.HtmlEncode(title)}</h2><p>{WebUtility.HtmlEncode(body)}</p>
            <p><a href="{WebUtility.HtmlEncode(link)}" style="color:#0c66e4">{(runId is null ? "Open MultiSource Connector in Jira" : "See the run in Jira")}</a>{WebUtility.HtmlEncode(where)}</p></div>
            """;
        return new Email(to, $"[MultiSource Connector] {title}", text, html);
    }
}
