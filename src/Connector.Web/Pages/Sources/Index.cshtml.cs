using Connector.Web.Connections;
using Connector.Web.Sources;
using Connector.Web.Sources.Csv;
using Connector.Web.Tenancy.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Connector.Web.Pages.Sources;

public sealed class IndexModel(
    ExternalSources sources, CsvSource csv, ConnectionStore connections, PageSession session, IOptions<SourcesOptions> options, TimeProvider time)
    : PageModel
{
    /// <summary>The connections that use each source: a used source cannot be deleted.</summary>
    ILookup<Guid, string> usedBy = Array.Empty<string>().ToLookup(_ => Guid.Empty);

    public static string DeleteConsequence(ExternalSource source) =>
        $"The source, its stored credentials{(source.Settings.FileId is null ? "" : " and its uploaded file")} are deleted. People and organizations it already imported stay in your customer directory.";

    /// <summary>Why the source cannot be deleted yet (connections use it), or null.</summary>
    public string? DeleteBlockedBy(ExternalSource source) =>
        usedBy[source.Id].ToList() is { Count: > 0 } names
            ? $"It is used by {(names.Count == 1 ? "the connection" : "the connections")} {string.Join(", ", names.Select(n => $"“{n}”"))}. Delete {(names.Count == 1 ? "that connection" : "those connections")} first, or point {(names.Count == 1 ? "it" : "them")} at another source."
            : null;
    public const int PreviewRows = 5, PreviewProblems = 20;

    /// <summary>Right after a CSV upload: what was read from it.</summary>
    public (ExternalSource Source, CsvPreview Preview)? Uploaded { get; private set; }
    public IReadOnlyList<ExternalSource> Sources { get; private set; } = [];
    public string? Saved { get; private set; }
    public string? Deleted { get; private set; }

    /// <summary>The outcome of "Check now", in words, and whether it was good news.</summary>
    public string? Checked { get; private set; }
    public bool CheckedOk { get; private set; }

    public async Task<IActionResult> OnPostCheckAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await sources.FindAsync(id, cancellationToken) is not { } source) return NotFound();
        await sources.RecheckAsync(source, cancellationToken);
        return Redirect(session.Link($"/sources?checked={source.Id}"));
    }

    public async Task OnGetAsync(string? saved, string? deleted, Guid? @checked, CancellationToken cancellationToken)
    {
        Sources = await sources.ListAsync(cancellationToken);
        usedBy = (await connections.ListAsync(cancellationToken)).ToLookup(c => c.SourceId, c => c.Name);
        (Saved, Deleted) = (saved, deleted);
        if (Sources.FirstOrDefault(s => s.Id == @checked) is { } rechecked)
        {
            CheckedOk = rechecked.Status == SourceStatus.Connected;
            Checked = CheckedOk
                ? $"Checked “{rechecked.Name}” just now: it is connected."
                : $"Checked “{rechecked.Name}” just now: {rechecked.StatusReason ?? "it cannot be used."}";
        }
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
        SourceType.JiraDataCenter => $"{source.Settings.SiteUrl}, group {source.Settings.GroupName}",
        SourceType.Salesforce => source.Settings.SiteUrl,
        SourceType.HubSpot => "Contacts and companies",
        SourceType.EntraId => $"Directory {source.Settings.DirectoryId}{(source.Settings.GroupId is { } group ? $", group {group}" : "")}",
        SourceType.Csv when source.Settings.FileName is { } file => $"{file}, {source.Settings.RowCount:N0} rows",
        _ => null,
    };

    public static string TypeName(SourceType type) => SourceTypeNames.Of(type);
}
