using Connector.Web.Sources;
using Connector.Web.Sources.Csv;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Connector.Web.Pages.Sources;

public sealed class IndexModel(ExternalSources sources, CsvSource csv, IOptions<SourcesOptions> options, TimeProvider time) : PageModel
{
    public const int PreviewRows = 5, PreviewProblems = 20;

    /// <summary>Right after a CSV upload: what was read from it.</summary>
    public (ExternalSource Source, CsvPreview Preview)? Uploaded { get; private set; }
    public IReadOnlyList<ExternalSource> Sources { get; private set; } = [];
    public string? Saved { get; private set; }
    public string? Deleted { get; private set; }

    public async Task OnGetAsync(string? saved, string? deleted, CancellationToken cancellationToken)
    {
        Sources = await sources.ListAsync(cancellationToken);
        (Saved, Deleted) = (saved, deleted);
        if (Sources.FirstOrDefault(s => s.Name == saved && s.Type == SourceType.Csv) is { } upload)
            Uploaded = (upload, await csv.PreviewAsync(upload.Settings, PreviewRows, PreviewProblems, cancellationToken));
    }

    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public bool ExpiresSoon(ExternalSource source) =>
        source.ExpiresOn is { } expires && expires >= Today && expires <= Today.AddDays(options.Value.ExpiryWarningDays);

    /// <summary>What the source reads, so an admin recognises it: the site and user, the organization, the file.</summary>
    public static string? PointsAt(ExternalSource source) => source.Type switch
    {
        SourceType.JiraCloud => $"{source.Settings.SiteUrl} as {source.Settings.Email}",
        SourceType.AtlassianOrganization => source.Settings.OrganizationName ?? source.Settings.OrganizationId,
        SourceType.Csv when source.Settings.FileName is { } file => $"{file}, {source.Settings.RowCount:N0} rows",
        _ => null,
    };

    public static string TypeName(SourceType type) => type switch
    {
        SourceType.AtlassianOrganization => "Atlassian organization",
        SourceType.JiraCloud => "Jira Cloud",
        SourceType.Csv => "CSV file",
        _ => type.ToString(),
    };
}
