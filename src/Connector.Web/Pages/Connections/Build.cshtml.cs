using Connector.Web.Connections;
using Connector.Web.Csm;
using Connector.Web.Imports;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Product;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Connector.Web.Pages.Connections;

/// <summary>Step 1: create the detail fields the mapping needs, and show what was created or already there.</summary>
public sealed class BuildModel(ConnectionStore connections, CsmDestinations destinations, FieldBuilder builder, TenantContext tenantContext) : PageModel
{
    public Connection Connection { get; private set; } = null!;
    public IReadOnlyList<BuildLine> Lines { get; private set; } = [];
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await connections.FindAsync(id, cancellationToken) is not { } connection) return NotFound();
        Connection = connection;
        try
        {
            var destination = await destinations.RequireAsync(tenantContext.RequiredTenant, cancellationToken);
            Lines = await builder.BuildAsync(destination, connection, cancellationToken);
        }
        catch (ProductAccessLapsedException e)
        {
            Problem = RunMessages.Describe(new RunFailure(StopCause.AccessLapsed, LapsedAt: e.LapsedAt));
        }
        catch (CsmUnavailableException e)
        {
            Problem = e.Problem == CsmProblem.NoAccess
                ? "Give the app access to your customer directory on the Settings page first."
                : RunMessages.Destination(e.Problem);
        }
        return Page();
    }

    public static string? Detail(BuildLine line) => line.Outcome switch
    {
        BuildOutcome.TypeClash => $"It already exists as {line.Existing}. Change the mapping's type to {line.Existing}, or rename the field in the mapping.",
        BuildOutcome.Failed => line.Refusal?.Message,
        _ => null,
    };
}
