using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Connector.Web.Platform.Http;
using Connector.Web.Platform.Secrets;
using Connector.Web.Tenancy;

namespace Connector.Web.Csm;

/// <summary>
/// Calls Atlassian with a Jira administrator's email and API token (basic auth) where the app's own token cannot go:
/// the CSM API for every Connect install, and also JSM's APIs for a Confluence install, whose JWT Jira refuses.
/// The token is decrypted per call and never kept; calls are partitioned by tenant like the app's own.
/// </summary>
public sealed class CredentialCalls(IHttpClientFactory httpClients, SecretProtector secrets)
{
    public Task<HttpResponseMessage> SendAsync(Tenant tenant, CsmCredential credential, HttpMethod method, Uri url, object? body,
        CancellationToken cancellationToken) =>
        SendAsync(tenant, credential.Email, secrets.Unprotect(credential.TokenProtected), method, url, body, cancellationToken);

    public async Task<HttpResponseMessage> SendAsync(Tenant tenant, string email, string token, HttpMethod method, Uri url, object? body,
        CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{email}:{token}")));
        if (body is not null) request.Content = JsonContent.Create(body);
        OutgoingCall.SetPartition(request, tenant.Id.ToString());
        return await httpClients.CreateClient(CsmClient.HttpClientName).SendAsync(request, cancellationToken);
    }
}
