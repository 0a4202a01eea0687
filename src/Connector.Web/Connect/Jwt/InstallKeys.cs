using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Connector.Web.Platform.Http;
using Connector.Web.Tenancy.Access;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Web.Connect.Jwt;

/// <summary>
/// Atlassian's public keys for signed installs, fetched by kid from the install-keys server and cached
/// by kid (Atlassian rotates keys by issuing new kids, never by changing a kid's key).
/// </summary>
public sealed partial class InstallKeys(IHttpClientFactory httpClients, IOptions<ConnectOptions> options, ILogger<InstallKeys> logger)
{
    public const string HttpClientName = "install-keys";
    readonly ConcurrentDictionary<string, RsaSecurityKey> cache = new(StringComparer.Ordinal);

    public async Task<RsaSecurityKey> GetAsync(string? kid, CancellationToken cancellationToken)
    {
        // The kid ends up in a URL: only plain segments, no dots, no encodings, nothing to traverse with.
        if (kid is null || kid.Length > 200 || !KeyIdShape().IsMatch(kid))
            throw new TokenRefusedException(TokenRefusal.InvalidKeyId);
        if (cache.TryGetValue(kid, out var cached)) return cached;

        var url = new Uri(options.Value.InstallKeysBaseUrl.TrimEnd('/') + "/" + kid);
        string pem;
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).GetAsync(url, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new TokenRefusedException(TokenRefusal.SigningKeyUnavailable, $"HTTP {(int)response.StatusCode}");
            pem = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception e) when (OutgoingCall.IsUnanswered(e))
        {
            logger.LogWarning(e, "The install-keys server did not answer for kid {Kid}", kid);
            throw new TokenRefusedException(TokenRefusal.SigningKeyUnavailable, "install-keys server unreachable");
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
        }
        catch (ArgumentException)
        {
            rsa.Dispose();
            throw new TokenRefusedException(TokenRefusal.SigningKeyUnavailable, "not a PEM public key");
        }
        return cache.GetOrAdd(kid, new RsaSecurityKey(rsa) { KeyId = kid });
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$")]
    private static partial Regex KeyIdShape();
}
