using Connector.Web.Sources;

namespace Connector.Web.Notifications;

/// <summary>Credentials failing, or a key about to expire, is an incident until the source is fine again.</summary>
sealed class SourceAlerts(Alerts alerts) : ISourceStatusObserver
{
    public async Task CheckedAsync(SourceStatusNews news, CancellationToken cancellationToken)
    {
        var source = news.Source;
        var (credentialsKey, expiryKey, link) = ($"source:{source.Id}", $"expiry:{source.Id}", $"/sources/edit/{source.Id}");
        if (source.Status == SourceStatus.Error)
            await alerts.RaiseAsync(credentialsKey, AlertKind.Credentials, $"External source “{source.Name}” cannot be used",
                source.StatusReason ?? "Its check failed.", link, cancellationToken);
        else
            await alerts.ResolveAsync(credentialsKey, $"External source “{source.Name}” is connected again.", cancellationToken);

        if (source.Status == SourceStatus.Connected && news.ExpiresSoon)
            await alerts.RaiseAsync(expiryKey, AlertKind.Expiry, $"The {source.CredentialName} of “{source.Name}” expires on {source.ExpiresOn:yyyy-MM-dd}",
                $"Create a new {source.CredentialName} and enter it on the source before then, or its imports will stop.", link, cancellationToken);
        else
            await alerts.ResolveAsync(expiryKey, $"External source “{source.Name}” has a {source.CredentialName} that is not about to expire.", cancellationToken);
    }
}
