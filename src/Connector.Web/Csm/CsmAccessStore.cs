using Connector.Web.Platform.Database;
using Connector.Web.Platform.Secrets;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Audit;
using Microsoft.EntityFrameworkCore;

namespace Connector.Web.Csm;

/// <summary>The tenant's CSM credential: checked before it is saved, stored encrypted, never shown again.</summary>
public sealed class CsmAccessStore(
    ConnectorDb db, CsmClient csm, SecretProtector secrets, TenantContext tenantContext, AuditTrail audit, TimeProvider time)
{
    public Task<CsmAccess?> FindAsync(CancellationToken cancellationToken) => db.Set<CsmAccess>().SingleOrDefaultAsync(cancellationToken);

    /// <summary>Checks and saves; a blank token keeps the stored one. Returns why the check failed, or null when saved.</summary>
    public async Task<CsmProblem?> SaveAsync(string email, string? token, string updatedByName, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(cancellationToken);
        var plainToken = token ?? (existing is null ? null : secrets.Unprotect(existing.TokenProtected));
        if (plainToken is null) return CsmProblem.NoAccess;
        if (await csm.CheckAsync(tenantContext.RequiredTenant, email.Trim(), plainToken, cancellationToken) is { } problem) return problem;

        var access = existing ?? new CsmAccess { Email = "", TokenProtected = "", UpdatedByName = "" };
        List<AuditChange> changes = [.. AuditChanges.Between([("Email", existing?.Email)], [("Email", email.Trim())])];
        if (token is not null) changes.Add(AuditChanges.SecretReplaced("API token"));
        audit.Note(AuditAction.DestinationAccessChanged, "Customer directory access", changes);
        access.Email = email.Trim();
        access.TokenProtected = secrets.Protect(plainToken);
        access.Status = CsmAccessStatus.Connected;
        access.StatusReason = null;
        access.CheckedAt = access.UpdatedAt = time.GetUtcNow();
        access.UpdatedByName = updatedByName;
        access.UpdatedByAccountId = tenantContext.AccountId;
        if (existing is null) db.Add(access);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }
}
