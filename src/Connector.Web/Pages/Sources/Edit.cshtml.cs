using Connector.Web.Platform.Text;
using Connector.Web.Sources;
using Connector.Web.Sources.Csv;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Product;
using Connector.Web.Tenancy.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Connector.Web.Pages.Sources;

/// <summary>Adds a source (no id) or edits one. Nothing is saved unless the source's check passes.</summary>
public sealed class EditModel(
    ExternalSources sources, SourceFileStore files, ProductUsers users, TenantContext tenantContext, PageSession session,
    IOptions<SourcesOptions> options, TimeProvider time) : PageModel
{
    [BindProperty]
    public SourceInput Input { get; set; } = new();

    public ExternalSource? Existing { get; private set; }

    /// <summary>Why the check failed, shown in a dialog; null when there is nothing to say.</summary>
    public string? CheckFailure { get; private set; }

    public bool IsNew => Existing is null;

    public async Task<IActionResult> OnGetAsync(Guid? id, SourceType? type, CancellationToken cancellationToken)
    {
        if (id is { } existingId)
        {
            Existing = await sources.FindAsync(existingId, cancellationToken);
            if (Existing is null) return NotFound();
            Input = SourceInput.From(Existing);
        }
        else Input.Type = type ?? SourceType.AtlassianOrganization;
        return Page();
    }

    /// <summary>Every line of a CSV source that cannot be read, as a CSV report (the page shows the first 20).</summary>
    public async Task<IActionResult> OnGetUnreadableAsync(Guid id, [FromServices] CsvSource csv, CancellationToken cancellationToken)
    {
        if (await sources.FindAsync(id, cancellationToken) is not { Type: SourceType.Csv } source) return NotFound();
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = "attachment; filename=\"unreadable-lines.csv\"";
        await using var writer = new StreamWriter(Response.Body, new System.Text.UTF8Encoding(true));
        await writer.WriteAsync("Line,Problem\r\n");
        await foreach (var problem in csv.ProblemsAsync(source.Settings, cancellationToken))
            await writer.WriteAsync($"{problem.Line},{CsvCell.Of(problem.Problem)}\r\n");
        return new EmptyResult();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, SourceType? type, CancellationToken cancellationToken)
    {
        if (id is { } existingId)
        {
            Existing = await sources.FindAsync(existingId, cancellationToken);
            if (Existing is null) return NotFound();
            Input.Type = Existing.Type;
        }
        else Input.Type = type ?? SourceType.AtlassianOrganization;
        await ValidateAsync(cancellationToken);
        if (!ModelState.IsValid) return Page();

        var tenant = tenantContext.RequiredTenant;
        var settings = Input.ApplyTo(Existing?.Settings ?? new SourceSettings());
        Guid? uploadedFile = null;
        if (Input.Type == SourceType.Csv && Input.File is { Length: > 0 } file)
        {
            try
            {
                await using var upload = file.OpenReadStream();
                uploadedFile = await files.SaveAsync(file.FileName, upload, options.Value.CsvMaxBytes, cancellationToken);
            }
            catch (SourceFileTooLargeException e)
            {
                ModelState.AddModelError("Input.File", e.Message);
                return Page();
            }
            settings = settings with { FileId = uploadedFile, FileName = Path.GetFileName(file.FileName) };
        }

        var secret = Input.TypedSecret ?? (Existing is null ? null : sources.StoredSecret(Existing));
        var expiresOn = Input.Type is SourceType.AtlassianOrganization or SourceType.JiraCloud or SourceType.EntraId or SourceType.JiraDataCenter ? Input.ExpiresOn : null;
        var check = await sources.CheckAsync(Input.Type, settings, secret, expiresOn, cancellationToken);
        if (check.Status != SourceStatus.Connected)
        {
            if (uploadedFile is { } discarded) await files.DeleteAsync(discarded, cancellationToken);
            CheckFailure = check.Reason;
            return Page();
        }

        var replacedFile = uploadedFile is not null ? Existing?.Settings.FileId : null;
        var source = Existing ?? new ExternalSource { Name = "", Type = Input.Type, LastUpdatedByAccountId = "", LastUpdatedByName = "" };
        source.Name = Input.Name.Trim();
        source.Settings = settings;
        source.ExpiresOn = expiresOn;
        var accountId = tenantContext.AccountId!;
        var displayName = await users.DisplayNameAsync(tenant, accountId, cancellationToken);
        await sources.SaveAsync(source, check, Input.TypedSecret, accountId, displayName, cancellationToken);
        if (replacedFile is { } old) await files.DeleteAsync(old, cancellationToken);

        return Redirect(session.Link($"/sources?saved={Uri.EscapeDataString(source.Name)}"));
    }

    async Task ValidateAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Input.Name) && await sources.NameTakenAsync(Input.Name, Existing?.Id, cancellationToken))
            ModelState.AddModelError("Input.Name", "Another source already has this name.");

        switch (Input.Type)
        {
            case SourceType.AtlassianOrganization: ValidateOrganization(); break;
            case SourceType.JiraCloud: ValidateJiraCloud(); break;
            case SourceType.JiraDataCenter: ValidateJiraDataCenter(); break;
            case SourceType.EntraId: ValidateEntraId(); break;
            case SourceType.Salesforce: ValidateSalesforce(); break;
            case SourceType.HubSpot: Require("Input.AccessToken", "Enter the private app's access token."); break;
            case SourceType.Csv: ValidateCsv(); break;
        }
        // Fields of other types are not posted for this type; only this type's errors matter.
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Input.") && !RelevantFields.Contains(k)).ToList())
            ModelState.Remove(key);
    }

    void ValidateOrganization()
    {
        Require("Input.ApiKey", "Enter the organization's API key.");
        if (Input.ExpiresOn is null) ModelState.AddModelError("Input.ExpiresOn", "Enter the date the API key expires (shown next to it in admin.atlassian.com).");
        else QuestionExpiry("Organization API keys last at most one year");
    }

    void ValidateJiraCloud()
    {
        if (TypedSite() is { } site && !options.Value.AcceptsSite(site))
            ModelState.AddModelError("Input.SiteUrl",
                $"Only Atlassian Cloud sites can be sources: addresses ending in {string.Join(", ", options.Value.AllowedSiteDomains.Select(d => "." + d))}.");
        if (string.IsNullOrWhiteSpace(Input.Email) || !Input.Email.Contains('@'))
            ModelState.AddModelError("Input.Email", "Enter the email address of a Jira administrator of that site.");
        Require("Input.ApiToken", "Enter that user's API token.");
        if (Input.ExpiresOn is not null) QuestionExpiry("API tokens last at most one year");
    }

    void ValidateJiraDataCenter()
    {
        TypedSite("Enter the site's base URL, for example https://jira.example.com.");
        Require("Input.PersonalAccessToken", "Enter a Jira administrator's personal access token.");
        if (string.IsNullOrWhiteSpace(Input.GroupName)) ModelState.AddModelError("Input.GroupName", "Enter the group whose members are imported, for example jira-software-users.");
        if (Input.ExpiresOn is not null) QuestionExpiry("Personal access tokens last at most one year");
    }

    void ValidateEntraId()
    {
        if (!Guid.TryParse(Input.DirectoryId?.Trim(), out _))
            ModelState.AddModelError("Input.DirectoryId", "Enter the directory (tenant) ID, a GUID shown on the app registration's Overview page.");
        if (!Guid.TryParse(Input.ClientId?.Trim(), out _))
            ModelState.AddModelError("Input.ClientId", "Enter the application (client) ID, a GUID shown on the app registration's Overview page.");
        Require("Input.ClientSecret", "Enter the client secret's Value.");
        if (Input.ExpiresOn is null) ModelState.AddModelError("Input.ExpiresOn", "Enter the date the client secret expires (shown next to it under Certificates & secrets).");
        else QuestionExpiry("Client secrets created in the Entra admin center last at most two years", longestDays: 731);
    }

    void ValidateSalesforce()
    {
        TypedSite("Enter the org's My Domain URL, for example https://your-company.my.salesforce.com.");
        if (string.IsNullOrWhiteSpace(Input.ClientId)) ModelState.AddModelError("Input.ClientId", "Enter the connected app's consumer key.");
        Require("Input.ConsumerSecret", "Enter the connected app's consumer secret.");
    }

    void ValidateCsv()
    {
        if (Input.File is not { Length: > 0 } && Existing?.Settings.FileId is null)
            ModelState.AddModelError("Input.File", "Choose a CSV file to upload.");
        if (Input.Delimiter is not (null or "" or "," or ";" or "|" or "tab"))
            ModelState.AddModelError("Input.Delimiter", "Choose one of the delimiters offered.");
    }

    /// <summary>A new source needs its secret; an edited one keeps the stored secret when none is typed.</summary>
    void Require(string secretField, string message)
    {
        if (IsNew && Input.TypedSecret is null) ModelState.AddModelError(secretField, message);
    }

    /// <summary>The typed site as an address (https:// added to a bare host), or null after saying what is wrong with it.</summary>
    Uri? TypedSite(string message = "Enter the site's full address, for example your-site.atlassian.net.")
    {
        if (Uri.TryCreate(Input.SiteAddress, UriKind.Absolute, out var site) && site.Scheme is "https" or "http" && (site.Host.Contains('.') || site.IsLoopback))
            return site;
        ModelState.AddModelError("Input.SiteUrl", message);
        return null;
    }

    /// <summary>An expiry date in the past or beyond a year is a typing slip far more often than a dead key: ask, do not check.</summary>
    void QuestionExpiry(string longestLife, int longestDays = 366)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (Input.ExpiresOn < today)
            ModelState.AddModelError("Input.ExpiresOn", $"{Input.ExpiresOn:yyyy-MM-dd} is in the past. Check the date; if it really expired, create a new one and enter both here.");
        else if (Input.ExpiresOn > today.AddDays(longestDays))
            ModelState.AddModelError("Input.ExpiresOn", $"{longestLife}. Check the date.");
    }

    /// <summary>aria-invalid for a field that has an error.</summary>
    public string? Invalid(string key) => ModelState[key]?.Errors.Count > 0 ? "true" : null;

    HashSet<string> RelevantFields => Input.Type switch
    {
        SourceType.AtlassianOrganization => ["Input.Name", "Input.ApiKey", "Input.ExpiresOn", "Input.IncludeInactive"],
        SourceType.JiraCloud => ["Input.Name", "Input.SiteUrl", "Input.Email", "Input.ApiToken", "Input.ExpiresOn", "Input.IncludeInactive"],
        SourceType.EntraId => ["Input.Name", "Input.DirectoryId", "Input.ClientId", "Input.ClientSecret", "Input.ExpiresOn", "Input.GroupId", "Input.IncludeInactive"],
        SourceType.JiraDataCenter => ["Input.Name", "Input.SiteUrl", "Input.PersonalAccessToken", "Input.ExpiresOn", "Input.GroupName", "Input.IncludeInactive"],
        SourceType.Salesforce => ["Input.Name", "Input.SiteUrl", "Input.ClientId", "Input.ConsumerSecret"],
        SourceType.HubSpot => ["Input.Name", "Input.AccessToken"],
        _ => ["Input.Name", "Input.File", "Input.Delimiter"],
    };
}
