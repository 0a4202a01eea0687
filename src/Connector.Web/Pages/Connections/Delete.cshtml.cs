using Connector.Web.Connections;
using Connector.Web.Schedules;
using Connector.Web.Tenancy.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Connector.Web.Pages.Connections;

public sealed class DeleteModel(ConnectionStore connections, ConnectionSchedules schedules, PageSession session) : PageModel
{
    public Connection Connection { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await connections.FindAsync(id, cancellationToken) is not { } connection) return NotFound();
        Connection = connection;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await connections.FindAsync(id, cancellationToken) is not { } connection) return NotFound();
        await connections.DeleteAsync(connection, cancellationToken);
        await schedules.RemoveAsync(connection.Id, cancellationToken);
        return Redirect(session.Link($"/connections?deleted={Uri.EscapeDataString(connection.Name)}"));
    }
}
