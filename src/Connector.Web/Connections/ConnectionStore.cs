using Connector.Web.Platform.Database;
using Connector.Web.Sources;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Audit;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Connections;

/// <summary>A tenant's connections, and the rule of its edition on how many it may have. It saves; schedules are applied above.</summary>
public sealed class ConnectionStore(ConnectorDb db, TenantContext tenantContext, AuditTrail audit, TimeProvider time)
{
    /// <summary>Every connection with its source, to show (not tracked: nothing here is saved back).</summary>
    public Task<List<Connection>> ListAsync(CancellationToken cancellationToken) =>
        db.Set<Connection>().AsNoTracking().Include(c => c.Source).OrderBy(c => c.Name).ToListAsync(cancellationToken);

    public Task<Connection?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<Connection>().Include(c => c.Source).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);

    public Task<List<string>> NamesUsingSourceAsync(Guid sourceId, CancellationToken cancellationToken) =>
        db.Set<Connection>().Where(c => c.SourceId == sourceId).Select(c => c.Name).ToListAsync(cancellationToken);

    public Task<bool> NameTakenAsync(string name, Guid? except, CancellationToken cancellationToken) =>
        db.Set<Connection>().AnyAsync(c => c.Name.ToLower() == name.Trim().ToLower() && c.Id != except, cancellationToken);

    /// <summary>Why another connection cannot be added, or null when it can.</summary>
    public async Task<string?> AddRefusalAsync(CancellationToken cancellationToken) =>
        tenantContext.RequiredTenant.Edition == Edition.Advanced ? null : AddRefusal(await db.Set<Connection>().AnyAsync(cancellationToken));

    /// <summary>Why another connection may not be added, for a page that has already read whether there is one.</summary>
    public string? AddRefusal(bool hasConnection) =>
        tenantContext.RequiredTenant.Edition != Edition.Advanced && hasConnection
            ? "The Standard edition includes one connection, and this site already has it. The Advanced edition allows any number of connections."
            : null;

    public async Task SaveAsync(Connection connection, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var isNew = db.Entry(connection).State == EntityState.Detached;
        var before = isNew ? null : (Connection)db.Entry(connection).OriginalValues.ToObject();
        if (isNew)
        {
            connection.CreatedAt = now;
            db.Add(connection);
        }
        connection.UpdatedAt = now;
        var sourceNames = await SourceNamesAsync([connection.SourceId, before?.SourceId ?? connection.SourceId], cancellationToken);
        audit.Note(isNew ? AuditAction.ConnectionCreated : AuditAction.ConnectionEdited, connection.Name, AuditChanges.Between(
            before is null ? null : ConnectionAudit.Describe(before, sourceNames.GetValueOrDefault(before.SourceId)),
            ConnectionAudit.Describe(connection, sourceNames.GetValueOrDefault(connection.SourceId))));
        await db.SaveChangesAsync(cancellationToken);
    }

    Task<Dictionary<Guid, string>> SourceNamesAsync(Guid[] ids, CancellationToken cancellationToken) =>
        db.Set<ExternalSource>().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);

    /// <summary>Remembers that Build succeeded for the connection's current mapping (steps 2 and 3 open up).</summary>
    public async Task MarkBuiltAsync(Connection connection, CancellationToken cancellationToken)
    {
        (connection.BuiltFieldsKey, connection.BuiltAt) = (connection.FieldsKey(), time.GetUtcNow());
        audit.Note(AuditAction.FieldsBuilt, connection.Name, connection.RequiredFields(Csm.CsmEntity.Customer)
            .Concat(connection.RequiredFields(Csm.CsmEntity.Organization))
            .Select(f => new AuditChange($"{Platform.Text.EnumWords.Of(f.Entity)} detail “{f.Name}”", null, f.Type.ToString())).ToList());
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task DeleteAsync(Connection connection, CancellationToken cancellationToken)
    {
        audit.Note(AuditAction.ConnectionDeleted, connection.Name,
            AuditChanges.Between(ConnectionAudit.Describe(connection, connection.Source?.Name), null));
        db.Remove(connection);
        await db.SaveChangesAsync(cancellationToken);
    }
}
