using System.Text.Json;
using Connector.Web.Tenancy;
using Connector.Web.Tenancy.Access;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Web.Forge.Invocations;

/// <summary>
/// Verifies Forge Invocation Tokens (FORGE-REMOTE.md A.3): RS256 only, the key chosen by kid from Atlassian's
/// JWKS, iss "forge/invocation-token", aud our app's ARI, exp and nbf required, with the usual small leeway.
/// </summary>
public sealed class InvocationTokens(ForgeKeys keys, IOptions<ForgeOptions> options, IOptions<TenancyOptions> tenancy, TimeProvider time)
{
    public const string Issuer = "forge/invocation-token";

    public async Task<ForgeInvocation> VerifyAsync(string? authorization, CancellationToken cancellationToken)
    {
        var token = BearerToken(authorization) ?? throw new TokenRefusedException(TokenRefusal.MissingToken);
        var unverified = TokenValidation.Read(token);
        TokenValidation.RequireAlgorithm(unverified, SecurityAlgorithms.RsaSha256);
        var kid = unverified.Kid;
        // The kid only selects a key we already hold, but a kid shaped like a path is refused outright.
        if (string.IsNullOrEmpty(kid) || kid.Length > 200 || kid.Contains('/') || kid.Contains('\\') || kid.Contains(".."))
            throw new TokenRefusedException(TokenRefusal.InvalidKeyId);

        var verified = await TokenValidation.ValidateAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = options.Value.Audience,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            IssuerSigningKey = await keys.GetAsync(kid, cancellationToken),
        }, time, tenancy.Value.ClockSkew);
        if (!verified.TryGetPayloadValue<long>("nbf", out _)) throw new TokenRefusedException(TokenRefusal.MalformedToken, "no nbf claim");

        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(verified.EncodedPayload));
        return ForgeInvocation.From(payload.RootElement);
    }

    // "Bearer <token>", the scheme in any case, as Forge sends it.
    static string? BearerToken(string? authorization) =>
        authorization?.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries) is [var scheme, var value]
            && scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) ? value.Trim() : null;
}
