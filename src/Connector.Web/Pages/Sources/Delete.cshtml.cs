using Connector.Web.Connections;
using Connector.Web.Sources;
using Connector.Web.Tenancy.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Connector.Web.Pages.Sources;

/// <summary>Asks first, then deletes a source with its stored secret and file; refuses while a connection uses it.</summary>
public sealed class DeleteModel(ExternalSources sources, ConnectionStore connections, PageSession session) : PageModel
{
    public ExternalSource Source { get; private set; } = null!;

    /// <summary>Connections that use the source; while there are any, it cannot be deleted.</summary>
    public IReadOnlyList<string> UsedBy { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await sources.FindAsync(id, cancellationToken) is not { } source) return NotFound();
        Source = source;
        UsedBy = await connections.NamesUsingSourceAsync(id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await sources.FindAsync(id, cancellationToken) is not { } source) return NotFound();
        Source = source;
        UsedBy = await connections.NamesUsingSourceAsync(id, cancellationToken);
        if (UsedBy.Count > 0) return Page();
        await sources.DeleteAsync(source, cancellationToken);
        return Redirect(session.Link($"/sources?deleted={Uri.EscapeDataString(source.Name)}"));
    }
}
