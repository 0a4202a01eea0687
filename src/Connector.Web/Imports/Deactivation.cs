using Connector.Web.Connections;
using Connector.Web.Csm;

namespace Connector.Web.Imports;

/// <summary>
/// After a full run: customers the connection imported before that the source no longer has are marked
/// Inactive or removed from their organizations, as the connection's policy says, a page at a time.
/// </summary>
public sealed class Deactivation(RunLedger ledger, CsmClient csm, JsmClient jsm)
{
    const int PageSize = 100;

    /// <summary>After a Full Import that read everything: a read of only what changed cannot tell who left.</summary>
    public static bool Applies(ImportRun run, Connection connection) =>
        run.Kind == RunKind.Full && !run.ReadsChangesOnly && connection.DeactivationPolicy != DeactivationPolicy.Ignore && connection.ImportsCustomers;

    /// <summary>
    /// The safety stop: why the run must wait for an admin before deactivating (more of the connection's customers
    /// would go than its safety stop allows, and nobody confirmed yet), or null to go ahead.
    /// </summary>
    public async Task<string?> HoldAsync(RunScope scope, CancellationToken cancellationToken)
    {
        if (scope.Run.DeactivationConfirmed) return null;
        var (customers, vanished) = await ledger.DeactivationShareAsync(scope.Connection.Id, scope.Run.Id, cancellationToken);
        if (customers == 0 || 100L * vanished <= (long)scope.Connection.SafetyStopPercent * customers) return null;
        return RunMessages.SafetyStop(vanished, customers, scope.Connection);
    }

    public async Task RunAsync(RunScope scope, CancellationToken cancellationToken)
    {
        while (await ledger.VanishedAsync(scope.Connection.Id, scope.Run.Id, PageSize, cancellationToken) is { Count: > 0 } vanished)
        {
            var events = new List<RunEvent>();
            foreach (var customer in vanished) events.Add(await DeactivateAsync(scope, customer, cancellationToken));
            await ledger.MarkDeactivatedAsync(scope.Connection.Id, vanished.Select(v => v.IdentityKey).ToList(), cancellationToken);
            await ledger.AppendEventsAsync(scope.Run.Id, events, cancellationToken);
        }
    }

    async Task<RunEvent> DeactivateAsync(RunScope scope, KnownCustomer customer, CancellationToken cancellationToken)
    {
        var markInactive = scope.Connection.DeactivationPolicy == DeactivationPolicy.MarkInactive;
        var refusal = markInactive
            ? await csm.SetDetailAsync(scope.Destination, CsmEntity.Customer, customer.CsmId, FieldMapping.StatusField, ["Inactive"], cancellationToken)
            : await LeaveOrganizationsAsync(scope, customer.CsmId, cancellationToken);
        return refusal is null
            ? new RunEvent(EventLevel.Info, EventKind.Deactivated, customer.IdentityKey,
                $"No longer in the source: {(markInactive ? "marked Inactive" : "removed from its organizations")}.")
            : new RunEvent(EventLevel.Error, EventKind.DeactivationFailed, customer.IdentityKey, $"No longer in the source, but: {refusal}");
    }

    async Task<CsmRefusal?> LeaveOrganizationsAsync(RunScope scope, string customerId, CancellationToken cancellationToken)
    {
        var (organizations, refusal) = await csm.OrganizationsOfCustomerAsync(scope.Destination, customerId, cancellationToken);
        if (refusal is not null) return refusal;
        foreach (var organizationId in organizations)
            if (await jsm.SetMembersAsync(scope.Destination, organizationId, [customerId], add: false, cancellationToken) is { } leaveRefusal)
                return leaveRefusal;
        return null;
    }
}
