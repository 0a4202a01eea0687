using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Tests.Infrastructure;

/// <summary>Tokens an attacker (or a confused client) might send: any claims, any key, any algorithm.</summary>
static class ForgedTokens
{
    static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static Dictionary<string, object> Claims(string issuer, string qsh, string? subject = null, TimeSpan? expiresIn = null)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["iss"] = issuer,
            ["qsh"] = qsh,
            ["iat"] = now.AddSeconds(-5).ToUnixTimeSeconds(),
            ["exp"] = now.Add(expiresIn ?? TimeSpan.FromMinutes(3)).ToUnixTimeSeconds(),
        };
        if (subject is not null) claims["sub"] = subject;
        return claims;
    }

    /// <summary>The same claims with one changed: the flaw a forgery adds to an otherwise good token.</summary>
    public static Dictionary<string, object> With(Dictionary<string, object> claims, string name, object value) =>
        new(claims) { [name] = value };

    public static string Sign(Dictionary<string, object> claims, SigningCredentials credentials) =>
        Handler.CreateToken(JsonSerializer.Serialize(claims), credentials);

    public static string Sign(System.Text.Json.Nodes.JsonObject claims, SigningCredentials credentials) =>
        Handler.CreateToken(claims.ToJsonString(), credentials);

    public static string Hmac(Dictionary<string, object> claims, string secret, string algorithm = SecurityAlgorithms.HmacSha256) =>
        Sign(claims, new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), algorithm));

    public static string Rsa(Dictionary<string, object> claims, RSA key, string kid) =>
        Sign(claims, new SigningCredentials(new RsaSecurityKey(key) { KeyId = kid }, SecurityAlgorithms.RsaSha256));

    /// <summary>alg "none": a header, a payload and an empty signature.</summary>
    public static string Unsigned(Dictionary<string, object> claims) =>
        $"{Base64Url("""{"alg":"none","typ":"JWT"}""")}.{Base64Url(JsonSerializer.Serialize(claims))}.";

    static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
