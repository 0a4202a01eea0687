using Connector.Web.Connect.Auth;
using Connector.Web.Connect.Product;
using Connector.Web.Connect.Tenants;
using Connector.Web.Csm;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Connector.Web.Pages.Settings;

public sealed class IndexModel(CsmAccessStore accessStore, ProductUsers users, TenantContext tenantContext, ConnectSession session) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? ApiToken { get; set; }

    public CsmAccess? Access { get; private set; }
    public string? CheckFailure { get; private set; }
    public bool Saved { get; private set; }
    public Edition Edition => tenantContext.RequiredTenant.Edition;

    public async Task OnGetAsync(bool? saved, CancellationToken cancellationToken)
    {
        Access = await accessStore.FindAsync(cancellationToken);
        Email = Access?.Email;
        Saved = saved == true;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Access = await accessStore.FindAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(Email) || !Email.Contains('@')) ModelState.AddModelError(nameof(Email), "Enter the email address of a Jira administrator of this site.");
        if (Access is null && string.IsNullOrWhiteSpace(ApiToken)) ModelState.AddModelError(nameof(ApiToken), "Enter that user's API token.");
        if (!ModelState.IsValid) return Page();

        var tenant = tenantContext.RequiredTenant;
        var name = await users.DisplayNameAsync(tenant, tenantContext.AccountId!, cancellationToken);
        var check = await accessStore.SaveAsync(Email!, string.IsNullOrWhiteSpace(ApiToken) ? null : ApiToken.Trim(), name, cancellationToken);
        if (check.Status != Connector.Web.Sources.SourceStatus.Connected)
        {
            CheckFailure = check.Reason;
            return Page();
        }
        return Redirect(session.Link("/settings?saved=true"));
    }
}
