using System.Linq.Expressions;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Platform.Database;

/// <summary>
/// The one DbContext. Every entity that implements <see cref="ITenantOwned"/> is filtered by the
/// request's tenant here, once, so no handler has to remember a Where clause; raw SQL reads go through
/// <c>Set&lt;T&gt;().FromSql(...)</c>, which the same filter wraps. Without a tenant (a background job
/// that forgot to set one) such queries return nothing rather than everything. Instances come from EF's pool
/// (<see cref="TenantContexts"/>), which tells each one whose rows it serves as it hands it out.
/// </summary>
public sealed partial class ConnectorDb(DbContextOptions<ConnectorDb> options) : DbContext(options)
{
    ICurrentTenant? currentTenant;

    /// <summary>Whose rows this context reads and writes until it goes back to the pool.</summary>
    internal void Serve(ICurrentTenant tenant) => currentTenant = tenant;

    // Back in the pool a context serves nobody, so one handed out without a tenant sees no tenant's rows.
    public override void Dispose()
    {
        currentTenant = null;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        currentTenant = null;
        return base.DisposeAsync();
    }

    // Read by the query filters below at query time, per DbContext instance.
    internal Guid? CurrentTenantId => currentTenant?.TenantId;

    /// <summary>
    /// The tenant a SQL statement that writes tenant-owned rows must name (stamping new rows, and in the
    /// WHERE of every update), so raw writes, too, take their tenant from this one place.
    /// </summary>
    public Guid TenantForSql => CurrentTenantId ?? throw new InvalidOperationException("Tenant-owned rows were written without a current tenant.");

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.ApplyConfigurationsFromAssembly(typeof(ConnectorDb).Assembly);

        foreach (var entity in model.Model.GetEntityTypes())
        {
            if (typeof(ITenantOwned).IsAssignableFrom(entity.ClrType))
                model.Entity(entity.ClrType).HasQueryFilter(TenantFilter(entity.ClrType));
            ApplySnakeCaseNames(entity);
        }
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTenantOnNewRows();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTenantOnNewRows();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    void StampTenantOnNewRows()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State != EntityState.Added) continue;
            var tenantId = CurrentTenantId
                ?? throw new InvalidOperationException("A tenant-owned row was added without a current tenant.");
            if (entry.Entity.TenantId == Guid.Empty) entry.Entity.TenantId = tenantId;
            else if (entry.Entity.TenantId != tenantId)
                throw new InvalidOperationException("A row was added for a tenant other than the current one.");
        }
    }

    LambdaExpression TenantFilter(Type entityType)
    {
        var row = Expression.Parameter(entityType, "row");
        var rowTenant = Expression.Convert(Expression.Property(row, nameof(ITenantOwned.TenantId)), typeof(Guid?));
        var current = Expression.Property(Expression.Constant(this), nameof(CurrentTenantId));
        return Expression.Lambda(Expression.Equal(rowTenant, current), row);
    }

    static void ApplySnakeCaseNames(Microsoft.EntityFrameworkCore.Metadata.IMutableEntityType entity)
    {
        if (entity.GetTableName() is { } table && !entity.IsOwned()) entity.SetTableName(SnakeCase(table));
        foreach (var property in entity.GetProperties()) property.SetColumnName(SnakeCase(property.Name));
    }

    public static string SnakeCase(string name) => CamelBoundary().Replace(name, "$1_$2").ToLowerInvariant();

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex CamelBoundary();
}

/// <summary>A row that belongs to one tenant; <see cref="ConnectorDb"/> filters and stamps it.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}

/// <summary>
/// Which tenant the current request or job works for; null when none was established. Filled by the
/// Tenancy layer; the database only needs the id.
/// </summary>
public interface ICurrentTenant
{
    Guid? TenantId { get; }
}
