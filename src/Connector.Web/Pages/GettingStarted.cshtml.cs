using Connector.Web.Sources;
using Connector.Web.Tenancy;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Connector.Web.Pages;

/// <summary>One thing to do on the way to a scheduled, watched import: done or not, and where to do it.</summary>
/// <param name="Options">The choices the step offers and what each needs, listed under it.</param>
public sealed record ChecklistItem(string Title, string Why, bool Done, string Path, string Action, IReadOnlyList<(string Name, string Needs)>? Options = null);

/// <summary>Get started is a checklist of the site's real state, each item ticked when it is done.</summary>
public sealed class GettingStartedModel(SiteProgressQuery progress, TenantContext tenantContext) : PageModel
{
    public IReadOnlyList<ChecklistItem> Items { get; private set; } = [];

    public int DoneCount => Items.Count(i => i.Done);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var tenant = tenantContext.RequiredTenant;
        var site = await progress.ReadAsync(tenant, cancellationToken);
        Items =
        [
            new("Give the app access to your customer directory",
                tenant.HasForgeAccess ? "Installed through Forge, the app reaches it by itself." : "A Jira administrator's email and API token, on Settings.",
                site.HasCsmAccess, "/settings", "Go to Settings"),
            new("Connect an external source", "Where your people and companies live. Each is checked before it is saved; you need:",
                site.HasConnectedSource, "/sources", "Go to External Sources", SourceTypeNames.WhatEachNeeds),
            new("Create a connection", "The source, the destination (customers, organizations or both) and the field mapping.",
                site.HasConnection, "/connections", "Go to Connections"),
            new("Build its detail fields", "Step 1 creates the detail fields the mapping needs.", site.HasBuiltConnection, "/connections", "Go to Connections"),
            new("Test on 10 records", "Step 2 imports the first 10 records, so you can look at them in the directory.",
                site.HasTested, "/connections", "Go to Connections"),
            new("Run the first Full Import", "Step 3 imports everything; later runs write only what changed.",
                site.HasImported, "/connections", "Go to Connections"),
            new("Choose a schedule", "Hourly, daily or weekly, so the directory stays up to date.",
                site.HasSchedule, "/connections", "Go to Connections"),
            new("Turn on Notify Me", "Who gets an email when an import fails or a credential is about to expire.", site.HasAlertEmails, "/settings", "Go to Settings"),
        ];
    }
}
