using Connector.Web.Connect.Descriptor;
using Connector.Web.Connect.Jwt;
using Connector.Web.Platform.Secrets;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Product;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Web.Connect.Product;

/// <summary>
/// Connect's "as the app" access to a site: its own URL, and a JWT signed with the installation's shared
/// secret (iss = app key, qsh of this exact request relative to the tenant's baseUrl, so Confluence's /wiki
/// is stripped), valid for three minutes.
/// </summary>
public sealed class ConnectAppCredentials(AppDescriptor descriptor, SecretProtector secrets, TimeProvider time) : IProductAccess
{
    static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };
    static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(3);

    /// <summary>A Connect install, unless Forge gave the app a token too: that one also reaches CSM.</summary>
    public bool Serves(Tenant tenant) => tenant.SharedSecretProtected is not null && !tenant.HasForgeAccess;

    public bool ReachesCsm => false;

    public Uri BaseUri(Tenant tenant) => new(tenant.BaseUrl);

    public Uri PlatformUri(Tenant tenant) => BaseUri(tenant);

    public Task AuthenticateAsync(HttpRequestMessage request, Tenant tenant, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new("JWT", CreateToken(request.Method, request.RequestUri!, tenant));
        return Task.CompletedTask;
    }

    public string CreateToken(HttpMethod method, Uri requestUri, Tenant tenant)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var secret = System.Text.Encoding.UTF8.GetBytes(secrets.Unprotect(tenant.SharedSecretProtected!));
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = descriptor.For(tenant).Key,
            IssuedAt = now,
            Expires = now + Lifetime,
            Claims = new Dictionary<string, object>
            {
                ["qsh"] = QueryStringHash.ForUri(method.Method, requestUri, new Uri(tenant.BaseUrl)),
            },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(secret), SecurityAlgorithms.HmacSha256),
        });
    }
}
