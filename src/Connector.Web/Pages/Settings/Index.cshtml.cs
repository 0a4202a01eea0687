using Connector.Web.Csm;
using Connector.Web.Notifications;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Product;
using Connector.Web.Tenancy.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Connector.Web.Pages.Settings;

public sealed class IndexModel(CsmAccessStore accessStore, NotifySettingsStore notify, ProductUsers users, ProductClient product,
    TenantContext tenantContext, PageSession session) : PageModel
{
    [BindProperty] public NotifyInput Notify { get; set; } = new();

    public sealed class NotifyInput
    {
        public string? Emails { get; set; }
        public bool OnRunFailed { get; set; } = true;
        public bool OnRecordErrors { get; set; } = true;
        public bool OnCredentials { get; set; } = true;
        public bool OnExpiry { get; set; } = true;
    }

    public bool NotifySaved { get; private set; }

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? ApiToken { get; set; }

    public CsmAccess? Access { get; private set; }
    public string? CheckFailure { get; private set; }
    public bool Saved { get; private set; }
    public Edition Edition => tenantContext.RequiredTenant.Edition;

    /// <summary>Installed through Forge: the app reaches the customer directory itself, no credential to give.</summary>
    public bool ReachesCsmAsApp => product.ReachesCsm(tenantContext.RequiredTenant);
    public bool IsConfluence => tenantContext.RequiredTenant.IsConfluence;

    public async Task OnGetAsync(bool? saved, bool? notifySaved, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Saved = saved == true;
        NotifySaved = notifySaved == true;
    }

    async Task LoadAsync(CancellationToken cancellationToken)
    {
        Access = await accessStore.FindAsync(cancellationToken);
        Email ??= Access?.Email;
        var settings = await notify.GetAsync(cancellationToken);
        Notify = new NotifyInput
        {
            Emails = string.Join(", ", settings.Emails), OnRunFailed = settings.OnRunFailed, OnRecordErrors = settings.OnRecordErrors,
            OnCredentials = settings.OnCredentials, OnExpiry = settings.OnExpiry,
        };
    }

    public async Task<IActionResult> OnPostNotifyAsync(CancellationToken cancellationToken)
    {
        var emails = (Notify.Emails ?? "").Split([',', ';', '\n', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        var wrong = emails.FirstOrDefault(e => !System.Net.Mail.MailAddress.TryCreate(e, out _) || !e.Contains('.'));
        if (wrong is not null)
        {
            var posted = Notify;
            await LoadAsync(cancellationToken);
            Notify = posted;
            ModelState.AddModelError("Notify.Emails", $"“{wrong}” is not an email address.");
            return Page();
        }
        await notify.SaveAsync(new NotificationSettings
        {
            Emails = emails, OnRunFailed = Notify.OnRunFailed, OnRecordErrors = Notify.OnRecordErrors, OnCredentials = Notify.OnCredentials, OnExpiry = Notify.OnExpiry,
        }, cancellationToken);
        return Redirect(session.Link("/settings?notifySaved=true"));
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (ReachesCsmAsApp) return Redirect(session.Link("/settings"));
        if (string.IsNullOrWhiteSpace(Email) || !Email.Contains('@')) ModelState.AddModelError(nameof(Email), "Enter the email address of a Jira administrator of this site.");
        if (Access is null && string.IsNullOrWhiteSpace(ApiToken)) ModelState.AddModelError(nameof(ApiToken), "Enter that user's API token.");
        if (!ModelState.IsValid) return Page();

        var tenant = tenantContext.RequiredTenant;
        var name = await users.DisplayNameAsync(tenant, tenantContext.AccountId!, cancellationToken);
        if (await accessStore.SaveAsync(Email!, string.IsNullOrWhiteSpace(ApiToken) ? null : ApiToken.Trim(), name, cancellationToken) is { } problem)
        {
            CheckFailure = Describe(problem);
            return Page();
        }
        return Redirect(session.Link("/settings?saved=true"));
    }

    /// <summary>Why the CSM credential was not saved, in words that say what to do.</summary>
    public static string Describe(CsmProblem problem) => problem switch
    {
        CsmProblem.SiteUnknown => "We do not know this site's cloud ID yet. Reinstall the app, then try again.",
        CsmProblem.NoServiceManagement => "This site has no Jira Service Management, where a Confluence install's customers go. Add Jira Service Management to the site, then save again.",
        CsmProblem.NotAvailable => "Customer Service Management is not available on this site. Turn on customer and organization profiles in a service project first.",
        CsmProblem.NotAdmin => "This user is not a Jira administrator, which the CSM API requires.",
        CsmProblem.AppTokenRefused or CsmProblem.AppNotPermitted => Imports.RunMessages.Destination(problem),
        CsmProblem.CredentialsRefused => "The CSM API did not accept this email and API token. Check them, or create a new token, and try again.",
        CsmProblem.NoAccess => "Enter the API token.",
        CsmProblem.RateLimited => "Your site is limiting how often we may call it right now. Try again in a few minutes.",
        CsmProblem.SiteUnavailable => "Your site is unavailable at the moment (it may be being updated). Try again later.",
        CsmProblem.Unreachable => "Your site's CSM API did not answer. Try again in a minute.",
        _ => "The CSM API refused the request. Check the email and API token, then try again.",
    };
}
