using Connector.Web.Connections;
using Connector.Web.Csm;
using Connector.Web.Imports;
using Connector.Web.Notifications;
using Connector.Web.Sources;
using Connector.Web.Tenancy;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Connector.Web.Pages;

/// <summary>One thing to do on the way to a scheduled, watched import: done or not, and where to do it.</summary>
/// <param name="Options">The choices the step offers and what each needs, listed under it.</param>
public sealed record ChecklistItem(string Title, string Why, bool Done, string Path, string Action, IReadOnlyList<(string Name, string Needs)>? Options = null);

/// <summary>Get started is a checklist of the site's real state, each item ticked when it is done.</summary>
public sealed class GettingStartedModel(
    CsmDestinations destinations, ExternalSources sources, ConnectionStore connections, ImportRuns runs, NotifySettingsStore notify,
    TenantContext tenantContext) : PageModel
{
    public IReadOnlyList<ChecklistItem> Items { get; private set; } = [];

    public int DoneCount => Items.Count(i => i.Done);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var tenant = tenantContext.RequiredTenant;
        var hasAccess = await destinations.FindAsync(tenant, cancellationToken) is not null;
        var connected = (await sources.ListAsync(cancellationToken)).Any(s => s.Status == SourceStatus.Connected);
        var all = await connections.ListAsync(cancellationToken);
        var done = (await runs.StepsDoneAsync(cancellationToken)).Values.ToList();
        var alerting = (await notify.GetAsync(cancellationToken)).Emails.Count > 0;
        Items =
        [
            new("Give the app access to your customer directory",
                tenant.HasForgeAccess ? "Installed through Forge, the app reaches it by itself." : "A Jira administrator's email and API token, on Settings.",
                hasAccess, "/settings", "Go to Settings"),
            new("Connect an external source", "Where your people and companies live. Each is checked before it is saved; you need:",
                connected, "/sources", "Go to External Sources", SourceTypeNames.WhatEachNeeds),
            new("Create a connection", "The source, the destination (customers, organizations or both) and the field mapping.",
                all.Count > 0, "/connections", "Go to Connections"),
            new("Build its detail fields", "Step 1 creates the detail fields the mapping needs.", all.Any(c => c.IsBuilt), "/connections", "Go to Connections"),
            new("Test on 10 records", "Step 2 imports the first 10 records, so you can look at them in the directory.",
                done.Any(d => d.Tested is not null), "/connections", "Go to Connections"),
            new("Run the first Full Import", "Step 3 imports everything; later runs write only what changed.",
                done.Any(d => d.Imported is not null), "/connections", "Go to Connections"),
            new("Choose a schedule", "Hourly, daily or weekly, so the directory stays up to date.",
                all.Any(c => c.Schedule != Schedule.None), "/connections", "Go to Connections"),
            new("Turn on Notify Me", "Who gets an email when an import fails or a credential is about to expire.", alerting, "/settings", "Go to Settings"),
        ];
    }
}
