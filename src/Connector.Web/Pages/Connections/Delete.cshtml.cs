using Connector.Web.Connect.Auth;
using Connector.Web.Connections;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Connector.Web.Pages.Connections;

public sealed class DeleteModel(ConnectionStore connections, ConnectSession session) : PageModel
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
        return Redirect(session.Link($"/connections?deleted={Uri.EscapeDataString(connection.Name)}"));
    }
}
