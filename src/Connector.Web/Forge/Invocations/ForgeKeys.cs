using Connector.Web.Platform.Http;
using Connector.Web.Tenancy.Access;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Web.Forge.Invocations;

/// <summary>
/// Atlassian's Forge signing keys from the JWKS URL, cached; fetched again when a token names a key we do
/// not know (Atlassian rotates by adding keys), but not more often than every few seconds, so forged kids
/// cannot make us hammer the JWKS.
/// </summary>
public sealed class ForgeKeys(IHttpClientFactory httpClients, IOptions<ForgeOptions> options, TimeProvider time, ILogger<ForgeKeys> logger)
{
    public const string HttpClientName = "forge-jwks";
    static readonly TimeSpan MinimumRefetchInterval = TimeSpan.FromSeconds(10);
    static readonly TimeSpan MaximumAge = TimeSpan.FromHours(12);
    readonly SemaphoreSlim fetching = new(1, 1);
    volatile IReadOnlyDictionary<string, SecurityKey> keys = new Dictionary<string, SecurityKey>();
    DateTimeOffset fetchedAt = DateTimeOffset.MinValue;

    public async Task<SecurityKey> GetAsync(string kid, CancellationToken cancellationToken)
    {
        if (keys.TryGetValue(kid, out var known) && time.GetUtcNow() - fetchedAt < MaximumAge) return known;
        await fetching.WaitAsync(cancellationToken);
        try
        {
            var age = time.GetUtcNow() - fetchedAt;
            if (age > MaximumAge || (!keys.ContainsKey(kid) && age > MinimumRefetchInterval)) await FetchAsync(cancellationToken);
        }
        finally
        {
            fetching.Release();
        }
        return keys.TryGetValue(kid, out var key) ? key : throw new TokenRefusedException(TokenRefusal.SigningKeyUnavailable, "unknown kid");
    }

    async Task FetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            var json = await httpClients.CreateClient(HttpClientName).GetStringAsync(options.Value.JwksUrl, cancellationToken);
            keys = new JsonWebKeySet(json).Keys.Where(k => k.Kty == JsonWebAlgorithmsKeyTypes.RSA && k.Kid is not null)
                .ToDictionary(k => k.Kid, k => (SecurityKey)k, StringComparer.Ordinal);
            fetchedAt = time.GetUtcNow();
        }
        catch (Exception e) when (OutgoingCall.IsUnanswered(e) || e is ArgumentException)
        {
            logger.LogWarning("The Forge JWKS could not be read: {Problem}", e.Message);
            throw new TokenRefusedException(TokenRefusal.SigningKeyUnavailable, "JWKS unavailable");
        }
    }
}
