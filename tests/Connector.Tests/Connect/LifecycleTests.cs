using System.Net.Http.Headers;
using System.Security.Cryptography;
using Connector.Tests.Infrastructure;
using Connector.Web.Connect.Jwt;
using Connector.Web.Connect.Lifecycle;
using Connector.Web.Platform.Secrets;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Access;
using Connector.Web.Tenancy.Lifecycle;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Tests.Connect;

public sealed class LifecycleTests(ConnectWorld<LifecycleTests> world) : IClassFixture<ConnectWorld<LifecycleTests>>
{
    static readonly string InstalledQsh = QueryStringHash.Compute("POST", "/connect/installed", "");

    [Fact]
    public async Task Signed_install_stores_the_tenant_with_its_secret_encrypted_and_its_cloud_id()
    {
        await world.InstallAsync("acme");
        var site = world.Site("acme");

        var tenant = await world.WithDbAsync(db => db.Set<Tenant>().SingleAsync(t => t.ClientKey == site.ClientKey));
        Assert.True(tenant.Installed);
        Assert.Equal(site.BaseUrl, tenant.BaseUrl);
        Assert.Equal("jira", tenant.ProductType);
        Assert.Equal(site.CloudId, tenant.CloudId);
        Assert.DoesNotContain(site.SharedSecret!, tenant.SharedSecretProtected);
        var protector = world.App.Services.GetRequiredService<SecretProtector>();
        Assert.Equal(site.SharedSecret, protector.Unprotect(tenant.SharedSecretProtected!));
    }

    [Fact]
    public async Task Reinstall_rotates_the_secret_so_old_tokens_are_refused_and_new_ones_accepted()
    {
        await world.InstallAsync("globex");
        var oldFrame = world.FrameUrl("globex", "/getting-started");
        Assert.Equal(HttpStatusCode.OK, (await world.Http.GetAsync(oldFrame)).StatusCode);

        await world.InstallAsync("globex");

        Assert.Equal(HttpStatusCode.Unauthorized, (await world.Http.GetAsync(oldFrame)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.Http.GetAsync(world.FrameUrl("globex", "/getting-started"))).StatusCode);
    }

    [Fact]
    public async Task Uninstall_refuses_the_tenants_tokens_keeps_its_data_and_the_purge_removes_it_after_the_grace_period()
    {
        await world.InstallAsync("initech");
        var site = world.Site("initech");
        var frame = world.FrameUrl("initech", "/getting-started");

        var outcome = await world.SandboxLifecycleAsync("initech", "uninstall");

        Assert.Equal(204, outcome.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await world.Http.GetAsync(frame)).StatusCode);
        var purge = world.App.Services.GetRequiredService<UninstalledTenantPurge>();
        await purge.RunOnceAsync();
        Assert.True(await world.WithDbAsync(db => db.Set<Tenant>().AnyAsync(t => t.ClientKey == site.ClientKey && !t.Installed)));

        await world.WithDbAsync(db => db.Set<Tenant>().Where(t => t.ClientKey == site.ClientKey)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UninstalledAt, DateTimeOffset.UtcNow.AddDays(-31))));
        await purge.RunOnceAsync();
        Assert.False(await world.WithDbAsync(db => db.Set<Tenant>().AnyAsync(t => t.ClientKey == site.ClientKey)));
    }

    [Fact]
    public async Task Disable_and_enable_callbacks_take_the_tenants_hs256_tokens()
    {
        await world.InstallAsync("umbrella");
        var clientKey = world.Site("umbrella").ClientKey;

        Assert.Equal(204, (await world.SandboxLifecycleAsync("umbrella", "disable")).Status);
        Assert.False(await world.WithDbAsync(db => db.Set<Tenant>().Where(t => t.ClientKey == clientKey).Select(t => t.Enabled).SingleAsync()));
        Assert.Equal(204, (await world.SandboxLifecycleAsync("umbrella", "enable")).Status);
        Assert.True(await world.WithDbAsync(db => db.Set<Tenant>().Where(t => t.ClientKey == clientKey).Select(t => t.Enabled).SingleAsync()));
    }

    public static TheoryData<string, TokenRefusal> ForgedInstalls => new()
    {
        { "no token", TokenRefusal.MissingToken },
        { "HS256 with the payload's own secret", TokenRefusal.WrongAlgorithm },
        { "alg none", TokenRefusal.WrongAlgorithm },
        { "RS256 with context-qsh", TokenRefusal.QshMismatch },
        { "RS256 with the qsh of another URL", TokenRefusal.QshMismatch },
        { "unknown kid", TokenRefusal.SigningKeyUnavailable },
        { "kid with path characters", TokenRefusal.InvalidKeyId },
        { "wrong aud", TokenRefusal.WrongAudience },
        { "iss is not the body's clientKey", TokenRefusal.IssuerDoesNotMatchClientKey },
        { "expired", TokenRefusal.Expired },
        { "signed by another key", TokenRefusal.InvalidSignature },
    };

    [Theory]
    [MemberData(nameof(ForgedInstalls))]
    public async Task Forged_installed_calls_are_refused_with_401_and_store_nothing(string forgery, TokenRefusal reason)
    {
        var logLinesBefore = world.AppLogs.Lines.Count;
        var clientKey = Guid.NewGuid().ToString();
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var key = world.InstallKey.Credentials;
        using var otherRsa = RSA.Create(2048);
        var claims = ForgedTokens.Claims(clientKey, InstalledQsh, "attacker");
        claims["aud"] = world.AppUrl;

        string? token = forgery switch
        {
            "no token" => null,
            "HS256 with the payload's own secret" => ForgedTokens.Hmac(claims, secret),
            "alg none" => ForgedTokens.Unsigned(claims),
            "RS256 with context-qsh" => ForgedTokens.Sign(ForgedTokens.With(claims, "qsh", QueryStringHash.ContextQsh), key),
            "RS256 with the qsh of another URL" => ForgedTokens.Sign(ForgedTokens.With(claims, "qsh", QueryStringHash.Compute("POST", "/connect/uninstalled", "")), key),
            "unknown kid" => ForgedTokens.Rsa(claims, otherRsa, Guid.NewGuid().ToString()),
            "kid with path characters" => ForgedTokens.Rsa(claims, otherRsa, "../../evil"),
            "wrong aud" => ForgedTokens.Sign(ForgedTokens.With(claims, "aud", "https://attacker.example"), key),
            "iss is not the body's clientKey" => ForgedTokens.Sign(ForgedTokens.With(claims, "iss", world.Site("acme").ClientKey), key),
            "expired" => ForgedTokens.Sign(ForgedTokens.With(claims, "exp", DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds()), key),
            "signed by another key" => ForgedTokens.Rsa(claims, otherRsa, world.InstallKey.KeyId),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };

        using var response = await PostInstalledAsync(clientKey, secret, token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("JWT realm=\"multisource-connector-csm\"", response.Headers.WwwAuthenticate.ToString());
        Assert.False(await world.WithDbAsync(db => db.Set<Tenant>().AnyAsync(t => t.ClientKey == clientKey)));
        var refusal = Assert.Single(world.AppLogs.Lines.Skip(logLinesBefore), line => line.Contains("Refused a /connect/installed call"));
        Assert.Contains($"failed: {reason}", refusal);
    }

    [Fact]
    public async Task A_correctly_signed_install_built_by_hand_is_accepted_which_proves_the_forgeries_fail_for_their_flaw()
    {
        var clientKey = Guid.NewGuid().ToString();
        var claims = ForgedTokens.Claims(clientKey, InstalledQsh, "admin");
        claims["aud"] = world.AppUrl;

        using var response = await PostInstalledAsync(clientKey, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ForgedTokens.Sign(claims, world.InstallKey.Credentials));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.True(await world.WithDbAsync(db => db.Set<Tenant>().AnyAsync(t => t.ClientKey == clientKey)));
    }

    [Fact]
    public async Task A_forged_install_for_an_existing_tenant_cannot_overwrite_its_secret()
    {
        await world.InstallAsync("acme");
        var site = world.Site("acme");
        var claims = ForgedTokens.Claims(site.ClientKey, InstalledQsh);
        claims["aud"] = world.AppUrl;

        using var response = await PostInstalledAsync(site.ClientKey, "attacker-chosen-secret-attacker-chosen-secret",
            ForgedTokens.Hmac(claims, site.SharedSecret!));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.Http.GetAsync(world.FrameUrl("acme", "/getting-started"))).StatusCode);
    }

    async Task<HttpResponseMessage> PostInstalledAsync(string clientKey, string secret, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, world.AppUrl + "/connect/installed")
        {
            Content = JsonContent.Create(new
            {
                key = "multisource-connector-csm", clientKey, sharedSecret = secret, baseUrl = "https://forged.atlassian.net",
                productType = "jira", eventType = "installed",
            }),
        };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("JWT", token);
        return await world.Http.SendAsync(request);
    }
}
