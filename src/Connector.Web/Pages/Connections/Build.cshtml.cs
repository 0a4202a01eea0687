using Connector.Web.Connect.Tenants;
using Connector.Web.Connections;
using Connector.Web.Csm;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Connector.Web.Pages.Connections;

/// <summary>Step 1: create the detail fields the mapping needs, and show what was created or already there.</summary>
public sealed class BuildModel(ConnectionStore connections, CsmAccessStore access, FieldBuilder builder, TenantContext tenantContext) : PageModel
{
    public Connection Connection { get; private set; } = null!;
    public IReadOnlyList<BuildLine> Lines { get; private set; } = [];
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await connections.FindAsync(id, cancellationToken) is not { } connection) return NotFound();
        Connection = connection;
        if (await access.FindAsync(cancellationToken) is not { } csmAccess)
        {
            Problem = "Give the app access to your customer directory on the Settings page first.";
            return Page();
        }
        try
        {
            Lines = await builder.BuildAsync(tenantContext.RequiredTenant, csmAccess, connection, cancellationToken);
        }
        catch (CsmUnavailableException e)
        {
            Problem = e.Message;
        }
        return Page();
    }
}
