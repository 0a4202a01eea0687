using Connector.Web.Connect.Auth;
using Connector.Web.Connect.Product;
using Connector.Web.Connect.Tenants;
using Connector.Web.Csm;
using Connector.Web.Notifications;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Connector.Web.Pages.Settings;

public sealed class IndexModel(CsmAccessStore accessStore, NotifySettingsStore notify, ProductUsers users, TenantContext tenantContext,
    ConnectSession session) : PageModel
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
