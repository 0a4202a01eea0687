using Connector.Web.Connections;
using Connector.Web.Csm;
using Connector.Web.Imports;
using Connector.Web.Notifications;
using Connector.Web.Platform.Database;
using Connector.Web.Sources;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Product;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Pages;

/// <summary>How far the site has come on the way to a scheduled, watched import: what Get started ticks.</summary>
public sealed record SiteProgress(
    bool HasCsmAccess, bool HasConnectedSource, bool HasConnection, bool HasBuiltConnection, bool HasTested, bool HasImported,
    bool HasSchedule, bool HasAlertEmails);

/// <summary>
/// Reads <see cref="SiteProgress"/> in one SQL statement (the page is the first the product frames, so it is the one
/// an admin waits for most often). Every subquery is tenant-filtered by <see cref="ConnectorDb"/> as usual, and also names
/// the tenant row it hangs from: EF runs a subquery that does not refer to the outer row as a statement of its own.
/// </summary>
public sealed class SiteProgressQuery(ConnectorDb db, ProductClient product)
{
    public async Task<SiteProgress> ReadAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var row = await Read(db, tenant.Id, cancellationToken);
        return new SiteProgress(product.ReachesCsm(tenant) || row.HasCsmAccess, row.HasConnectedSource, row.HasConnection,
            row.OnceBuilt.Any(c => c.IsBuilt), row.HasTested, row.HasImported, row.HasSchedule, row.HasAlertEmails);
    }

    // Compiled once: EF would otherwise walk this large expression again on every page load to find its parameters.
    static readonly Func<ConnectorDb, Guid, CancellationToken, Task<Row>> Read = EF.CompileAsyncQuery(
        (ConnectorDb db, Guid tenantId, CancellationToken _) => db.Set<Tenant>().AsNoTracking().Where(t => t.Id == tenantId).Select(t => new Row
        {
            HasCsmAccess = db.Set<CsmAccess>().Any(a => a.TenantId == t.Id),
            HasConnectedSource = db.Set<ExternalSource>().Any(s => s.TenantId == t.Id && s.Status == SourceStatus.Connected),
            HasConnection = db.Set<Connection>().Any(c => c.TenantId == t.Id),
            // Built means built for the mapping as it is now, which only the connection itself can tell.
            // Only what tells it (a site may have many connections, each with a mapping to read).
            OnceBuilt = db.Set<Connection>().Where(c => c.TenantId == t.Id && c.BuiltAt != null)
                .Select(c => new Connection { Name = c.Name, Mapping = c.Mapping, Destination = c.Destination, DeactivationPolicy = c.DeactivationPolicy, BuiltFieldsKey = c.BuiltFieldsKey })
                .ToList(),
            HasTested = db.Set<ImportRun>().Any(r => r.TenantId == t.Id && r.Kind == RunKind.Test && (r.Status == RunStatus.Succeeded || r.Status == RunStatus.Partial)),
            HasImported = db.Set<ImportRun>().Any(r => r.TenantId == t.Id && r.Kind == RunKind.Full && (r.Status == RunStatus.Succeeded || r.Status == RunStatus.Partial)),
            HasSchedule = db.Set<Connection>().Any(c => c.TenantId == t.Id && c.Schedule != Schedule.None),
            HasAlertEmails = db.Set<NotificationSettings>().Any(n => n.TenantId == t.Id && n.Emails.Count > 0),
        }).Single());

    sealed class Row
    {
        public bool HasCsmAccess { get; init; }
        public bool HasConnectedSource { get; init; }
        public bool HasConnection { get; init; }
        public List<Connection> OnceBuilt { get; init; } = [];
        public bool HasTested { get; init; }
        public bool HasImported { get; init; }
        public bool HasSchedule { get; init; }
        public bool HasAlertEmails { get; init; }
    }
}
