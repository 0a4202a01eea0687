using Connector.Web.Connect.Auth;
using Connector.Web.Sources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Connector.Web.Pages.Sources;

/// <summary>Asks first, then deletes a source with its stored secret and file.</summary>
public sealed class DeleteModel(ExternalSources sources, SourceFileStore files, ConnectSession session) : PageModel
{
    public ExternalSource Source { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await sources.FindAsync(id, cancellationToken) is not { } source) return NotFound();
        Source = source;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await sources.FindAsync(id, cancellationToken) is not { } source) return NotFound();
        await sources.DeleteAsync(source, cancellationToken);
        if (source.Settings.FileId is { } fileId) await files.DeleteAsync(source.TenantId, fileId, cancellationToken);
        return Redirect(session.Link($"/sources?deleted={Uri.EscapeDataString(source.Name)}"));
    }
}
