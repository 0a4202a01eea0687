using Microsoft.IdentityModel.JsonWebTokens;

namespace Connector.Web.Forge.Installations;

/// <summary>
/// Forge's app system token: a JWT we treat as opaque, except that its exp may be read to know how long it
/// lasts (FORGE-REMOTE.md A.1). Forge guarantees at least two hours when exp cannot be read.
/// </summary>
static class SystemTokens
{
    static readonly TimeSpan GuaranteedLifetime = TimeSpan.FromHours(2);

    public static DateTimeOffset ExpiryOf(string token, DateTimeOffset receivedAt)
    {
        try
        {
            var jwt = new JsonWebToken(token);
            return jwt.TryGetPayloadValue<long>("exp", out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : receivedAt + GuaranteedLifetime;
        }
        catch (ArgumentException)
        {
            return receivedAt + GuaranteedLifetime;
        }
    }
}
