using System.Net;
using Connector.Web.Connect.Descriptor;
using Connector.Web.Connect.Tenants;
using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Connector.Web.Notifications;

/// <summary>
/// Raises and resolves incidents. An incident that recurs while open only counts up, so admins get
/// one email when it starts and one when it clears, and a banner in the app until they acknowledge it.
/// </summary>
public sealed class Alerts(ConnectorDb db, NpgsqlDataSource dataSource, Mailer mailer, TenantContext tenantContext, AppDescriptor descriptor,
    TimeProvider time)
{
    public async Task RaiseAsync(string incidentKey, AlertKind kind, string title, string body, string? linkPath, CancellationToken cancellationToken)
    {
        var tenant = tenantContext.RequiredTenant;
        await using var command = dataSource.CreateCommand("""
            insert into alerts (id, tenant_id, incident_key, kind, title, body, link_path, opened_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8)
            on conflict (tenant_id, incident_key) where resolved_at is null
            do update set occurrences = alerts.occurrences + 1, body = excluded.body, link_path = excluded.link_path
            returning id, occurrences = 1
            """);
        command.Parameters.Add(new() { Value = Guid.CreateVersion7() });
        command.Parameters.Add(new() { Value = tenant.Id });
        command.Parameters.Add(new() { Value = incidentKey });
        command.Parameters.Add(new() { Value = ConnectorDb.SnakeCase(kind.ToString()) });
        command.Parameters.Add(new() { Value = title });
        command.Parameters.Add(new() { Value = body });
        command.Parameters.Add(new() { Value = (object?)linkPath ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = time.GetUtcNow() });
        Guid id;
        bool opened;
        // Disposed exactly once, before anything else runs: Npgsql recycles a reader object with its pooled
        // connection, so disposing it again later would close whatever another request is reading by then.
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (id, opened) = (reader.GetGuid(0), reader.GetBoolean(1));
        }
        if (!opened) return;

        var settings = await db.Set<NotificationSettings>().AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (settings is null || !settings.Wants(kind)) return;
        if (await mailer.SendAsync(Compose(settings.Emails, title, body, linkPath, tenant), cancellationToken))
            await db.Set<Alert>().Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Emailed, true), cancellationToken);
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
    public Task<List<Alert>> UnacknowledgedAsync(CancellationToken cancellationToken) =>
        db.Set<Alert>().Where(a => a.AcknowledgedAt == null && a.ResolvedAt == null).OrderByDescending(a => a.OpenedAt).Take(5).ToListAsync(cancellationToken);

    public async Task<bool> AcknowledgeAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Set<Alert>().Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.AcknowledgedAt, time.GetUtcNow()), cancellationToken) > 0;

    Email Compose(IReadOnlyList<string> to, string title, string body, string? linkPath, Tenant tenant)
    {
        // Our pages live inside Jira: the link opens the app's page there, where the admin is signed in. Jira passes
        // ac.* parameters on to the app (signed into the page's JWT), and the Connections page forwards to the run.
        var runId = linkPath?.StartsWith("/runs/") == true ? linkPath["/runs/".Length..] : null;
        var link = $"{tenant.UserFacingUrl.TrimEnd('/')}/plugins/servlet/ac/{descriptor.Key}/connections{(runId is null ? "" : $"?ac.run={runId}")}";
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
