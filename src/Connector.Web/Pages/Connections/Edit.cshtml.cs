using Connector.Web.Connections;
using Connector.Web.Csm;
using Connector.Web.Schedules;
using Connector.Web.Sources;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Connector.Web.Pages.Connections;

/// <summary>Adds a connection (no id) or edits one: source, destination, schedule, what vanishes, and the mapping.</summary>
public sealed class EditModel(
    ConnectionStore connections, ConnectionSchedules schedules, ExternalSources sources, SourceAdapters adapters, TenantContext tenantContext,
    PageSession session) : PageModel
{
    const int BlankRows = 3;

    [BindProperty] public ConnectionInput Input { get; set; } = new();

    public Connection? Existing { get; private set; }
    public ExternalSource? Source { get; private set; }
    public IReadOnlyList<ExternalSource> Sources { get; private set; } = [];
    public IReadOnlyList<SourceField> Fields { get; private set; } = [];
    public string? AddRefusal { get; private set; }
    public bool IsNew => Existing is null;

    public async Task<IActionResult> OnGetAsync(Guid? id, Guid? sourceId, CancellationToken cancellationToken)
    {
        if (id is { } existingId)
        {
            if (await connections.FindAsync(existingId, cancellationToken) is not { } existing) return NotFound();
            Existing = existing;
            Input = ConnectionInput.From(existing);
            await LoadSourceAsync(existing.SourceId, cancellationToken);
        }
        else
        {
            AddRefusal = await connections.AddRefusalAsync(cancellationToken);
            Sources = await sources.ListAsync(cancellationToken);
            if (sourceId is { } chosen && await LoadSourceAsync(chosen, cancellationToken))
            {
                Input.SourceId = chosen;
                Input.WithMapping(DefaultMappings.For(Source!, Fields));
                Input.Destination = Input.OrganizationName is null ? Destination.Customers : Destination.CustomersAndOrganizations;
            }
        }
        AddBlankRows();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken cancellationToken)
    {
        if (id is { } existingId)
        {
            if (await connections.FindAsync(existingId, cancellationToken) is not { } existing) return NotFound();
            Existing = existing;
        }
        else if ((AddRefusal = await connections.AddRefusalAsync(cancellationToken)) is not null)
        {
            return Page();
        }
        if (Input.SourceId is not { } sourceId || !await LoadSourceAsync(sourceId, cancellationToken))
        {
            ModelState.AddModelError("Input.SourceId", "Choose one of your external sources.");
            Sources = await sources.ListAsync(cancellationToken);
            return Page();
        }
        await ValidateAsync(cancellationToken);
        if (!ModelState.IsValid)
        {
            AddBlankRows();
            return Page();
        }

        var connection = Existing ?? new Connection { Name = "" };
        connection.Name = Input.Name.Trim();
        connection.SourceId = sourceId;
        connection.Destination = Input.Destination;
        connection.Schedule = Input.Schedule;
        connection.ScheduleTime = Input.Schedule is Schedule.Daily or Schedule.Weekly ? TimeOnly.Parse(Input.ScheduleTime!) : null;
        connection.ScheduleDay = Input.Schedule == Schedule.Weekly ? Input.ScheduleDay : null;
        connection.DeactivationPolicy = Input.Deactivation;
        connection.SafetyStopPercent = Input.SafetyStopPercent;
        connection.Mapping = Input.ToMapping();
        await connections.SaveAsync(connection, cancellationToken);
        await schedules.ApplyAsync(tenantContext.RequiredTenant, connection, cancellationToken);
        return Redirect(session.Link($"/connections?saved={Uri.EscapeDataString(connection.Name)}"));
    }

    async Task<bool> LoadSourceAsync(Guid sourceId, CancellationToken cancellationToken)
    {
        Source = await sources.FindAsync(sourceId, cancellationToken);
        if (Source is null) return false;
        Fields = adapters.For(Source.Type).Fields(Source.Settings);
        return true;
    }

    async Task ValidateAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Input.Name) && await connections.NameTakenAsync(Input.Name, Existing?.Id, cancellationToken))
            ModelState.AddModelError("Input.Name", "Another connection already has this name.");
        var fieldKeys = Fields.Select(f => f.Key).ToHashSet();
        if (Input.Destination != Destination.Organizations && !fieldKeys.Contains(Input.CustomerEmail ?? ""))
            ModelState.AddModelError("Input.CustomerEmail", "Choose the source field that holds the customer's email: customers are matched by it.");
        if (Input.Destination != Destination.Customers && !fieldKeys.Contains(Input.OrganizationName ?? ""))
            ModelState.AddModelError("Input.OrganizationName", "Choose the source field that names the organization.");
        if (Input.Schedule is Schedule.Daily or Schedule.Weekly && !ConnectionInput.QuietTimes.Contains(Input.ScheduleTime))
            ModelState.AddModelError("Input.ScheduleTime", "Daily and weekly imports run between 00:00 and 06:00, when your site is quiet.");
        for (var i = 0; i < Input.Details.Count; i++)
        {
            var row = Input.Details[i];
            if (string.IsNullOrWhiteSpace(row.Field) && string.IsNullOrWhiteSpace(row.Source)) continue;
            if (string.IsNullOrWhiteSpace(row.Field)) ModelState.AddModelError($"Input.Details[{i}].Field", "Name the CSM field.");
            if (!fieldKeys.Contains(row.Source ?? "")) ModelState.AddModelError($"Input.Details[{i}].Source", "Choose a source field.");
            if (row.Type is CsmFieldType.SELECT or CsmFieldType.MULTISELECT && string.IsNullOrWhiteSpace(row.Options))
                ModelState.AddModelError($"Input.Details[{i}].Options", "List the options, separated by commas.");
        }
        var duplicate = Input.ToMapping().Details.GroupBy(d => (d.Entity, d.Field.ToLowerInvariant())).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) ModelState.AddModelError("Input.Details", $"The field “{duplicate.First().Field}” is mapped twice.");
    }

    void AddBlankRows()
    {
        for (var i = 0; i < BlankRows; i++) Input.Details.Add(new DetailRow());
    }
}
