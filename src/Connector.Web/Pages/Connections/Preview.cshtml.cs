using Connector.Web.Connections;
using Connector.Web.Sources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Connector.Web.Pages.Connections;

/// <summary>The first 10 source records as this connection would write them; nothing is written.</summary>
public sealed class PreviewModel(ConnectionStore connections, ExternalSources sources) : PageModel
{
    public Connection Connection { get; private set; } = null!;
    public List<MappedRecord> Records { get; } = [];
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await connections.FindAsync(id, cancellationToken) is not { } connection) return NotFound();
        Connection = connection;
        var source = connection.Source!;
        try
        {
            await foreach (var page in sources.ReadAsync(source, null, 10, cancellationToken))
            {
                Records.AddRange(page.Records.Take(10 - Records.Count).Select(r => RecordMapper.Map(r, connection)));
                if (Records.Count >= 10) break;
            }
        }
        catch (SourceReadException e)
        {
            Problem = e.Message;
        }
        return Page();
    }
}
