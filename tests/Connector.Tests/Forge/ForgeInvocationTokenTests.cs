using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Connector.Tests.Infrastructure;
using Connector.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Tests.Forge;

/// <summary>Every Forge invocation must carry a FIT that Atlassian signed for our app; anything else is refused, and stores nothing.</summary>
public sealed class ForgeInvocationTokenTests(ConnectWorld<ForgeInvocationTokenTests> world) : IClassFixture<ConnectWorld<ForgeInvocationTokenTests>>
{
    const string Site = "acme";

    /// <summary>A genuine FIT's claims, for a fresh installation the test can look for afterwards.</summary>
    JsonObject Claims(string installationId)
    {
        world.Site(Site).Forge.Install();
        var genuine = world.ForgeSigning().InvocationToken(world.Site(Site), $"{world.SandboxUrl}/ex/jira/{world.Site(Site).CloudId}");
        var claims = JsonNode.Parse(Base64UrlEncoder.Decode(genuine.Split('.')[1]))!.AsObject();
        claims["app"]!["installationId"] = installationId;
        claims["app"]!["installation"]!["id"] = installationId;
        return claims;
    }

    static JsonObject With(JsonObject claims, string name, JsonNode? value)
    {
        var copy = claims.DeepClone().AsObject();
        if (value is null) copy.Remove(name);
        else copy[name] = value;
        return copy;
    }

    static long In(TimeSpan offset) => DateTimeOffset.UtcNow.Add(offset).ToUnixTimeSeconds();

    public static TheoryData<string> Forgeries =>
    [
        "no token", "alg none", "HS256", "unknown kid", "kid with a path", "signed by another key", "wrong aud", "wrong iss",
        "expired", "not yet valid", "no nbf", "tampered payload",
    ];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_invocation_is_refused_with_401_json_and_stores_nothing(string forgery)
    {
        var installationId = $"ari:cloud:ecosystem::installation/{Guid.NewGuid()}";
        var claims = Claims(installationId);
        var key = world.ForgeSigning().Credentials;
        using var otherRsa = RSA.Create(2048);
        string? token = forgery switch
        {
            "no token" => null,
            "alg none" => $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}.{Base64UrlEncoder.Encode(claims.ToJsonString())}.",
            "HS256" => ForgedTokens.Sign(claims, new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), SecurityAlgorithms.HmacSha256)),
            "unknown kid" => ForgedTokens.Sign(claims, Rsa(otherRsa, "forge-key-nobody-published")),
            "kid with a path" => ForgedTokens.Sign(claims, Rsa(otherRsa, "../../.well-known/evil")),
            "signed by another key" => ForgedTokens.Sign(claims, Rsa(otherRsa, world.ForgeSigning().KeyId)),
            "wrong aud" => ForgedTokens.Sign(With(claims, "aud", "ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000001"), key),
            "wrong iss" => ForgedTokens.Sign(With(claims, "iss", "forge/not-an-invocation"), key),
            "expired" => ForgedTokens.Sign(With(With(With(claims, "exp", In(TimeSpan.FromMinutes(-5))), "nbf", In(TimeSpan.FromMinutes(-6))), "iat", In(TimeSpan.FromMinutes(-6))), key),
            "not yet valid" => ForgedTokens.Sign(With(With(claims, "nbf", In(TimeSpan.FromMinutes(5))), "exp", In(TimeSpan.FromMinutes(6))), key),
            "no nbf" => ForgedTokens.Sign(With(claims, "nbf", null), key),
            "tampered payload" => Tampered(ForgedTokens.Sign(claims, key)),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };

        using var response = await InvokeRefreshAsync(token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Forge Invocation Token verification was unsuccessful", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())?["message"]);
        Assert.False(await world.WithDbAsync(db => db.Set<Tenant>().AnyAsync(t => t.ForgeInstallationId == installationId)));
    }

    [Fact]
    public async Task A_genuine_invocation_records_its_installation_with_the_system_token_encrypted()
    {
        var installationId = $"ari:cloud:ecosystem::installation/{Guid.NewGuid()}";

        using var response = await InvokeRefreshAsync(ForgedTokens.Sign(Claims(installationId), world.ForgeSigning().Credentials), "system-token-of-the-app");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var tenant = await world.WithDbAsync(db => db.Set<Tenant>().SingleAsync(t => t.ForgeInstallationId == installationId));
        Assert.Equal(world.Site(Site).CloudId, tenant.CloudId);
        Assert.Equal($"{world.SandboxUrl}/ex/jira/{world.Site(Site).CloudId}", tenant.ForgeApiBaseUrl);
        Assert.DoesNotContain("system-token-of-the-app", tenant.ForgeSystemTokenProtected);
        Assert.True(tenant.Installed);
    }

    Task<HttpResponseMessage> InvokeRefreshAsync(string? token, string systemToken = "a-system-token")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{world.AppUrl}/forge/refresh") { Content = JsonContent.Create(new { }) };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("x-forge-oauth-system", systemToken);
        return world.Http.SendAsync(request);
    }

    static SigningCredentials Rsa(RSA key, string kid) => new(new RsaSecurityKey(key) { KeyId = kid }, SecurityAlgorithms.RsaSha256);

    // The signature stays; one claim of the payload changes (the installation), as an attacker would try.
    static string Tampered(string token)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        payload["app"]!["installationId"] = $"ari:cloud:ecosystem::installation/{Guid.NewGuid()}";
        return $"{parts[0]}.{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.{parts[2]}";
    }
}
