using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Web.Tenancy.Access;

/// <summary>Shared JWT checks for every token we accept (Connect, session, Forge), on top of IdentityModel's signature and lifetime checks.</summary>
static class TokenValidation
{
    static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    public static JsonWebToken Read(string token)
    {
        try
        {
            return new JsonWebToken(token);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenMalformedException)
        {
            throw new TokenRefusedException(TokenRefusal.MalformedToken);
        }
    }

    public static void RequireAlgorithm(JsonWebToken token, string algorithm)
    {
        if (!string.Equals(token.Alg, algorithm, StringComparison.Ordinal))
            throw new TokenRefusedException(TokenRefusal.WrongAlgorithm, token.Alg);
    }

    /// <param name="named">Who the token names if it is authentic; reported on the refusal when only its time has passed.</param>
    public static async Task<JsonWebToken> ValidateAsync(
        string token, TokenValidationParameters parameters, TimeProvider time, TimeSpan clockSkew, VerifiedCaller? named = null)
    {
        parameters.RequireExpirationTime = true;
        parameters.RequireSignedTokens = true;
        parameters.ValidateLifetime = true;
        parameters.ClockSkew = clockSkew;
        parameters.LifetimeValidator = (notBefore, expires, _, _) =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            if (expires is null || now > expires.Value + clockSkew) throw new TokenRefusedException(TokenRefusal.Expired);
            if (notBefore is { } nbf && now + clockSkew < nbf) throw new TokenRefusedException(TokenRefusal.IssuedInTheFuture);
            return true;
        };

        var result = await Handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            if (result.Exception is TokenRefusedException { Refusal: TokenRefusal.Expired } && named is not null
                && await IsAuthenticAsync(token, parameters))
                throw new TokenRefusedException(TokenRefusal.Expired) { Lapsed = named };
            throw result.Exception switch
            {
                TokenRefusedException known => known,
                SecurityTokenInvalidAudienceException => new TokenRefusedException(TokenRefusal.WrongAudience),
                SecurityTokenInvalidIssuerException => new TokenRefusedException(TokenRefusal.IssuerDoesNotMatchClientKey),
                SecurityTokenInvalidAlgorithmException => new TokenRefusedException(TokenRefusal.WrongAlgorithm),
                SecurityTokenNoExpirationException => new TokenRefusedException(TokenRefusal.Expired, "no exp claim"),
                SecurityTokenMalformedException => new TokenRefusedException(TokenRefusal.MalformedToken),
                var other => new TokenRefusedException(TokenRefusal.InvalidSignature, other?.GetType().Name),
            };
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        // IdentityModel does not look at iat; Atlassian's tokens always carry it.
        if (!jwt.TryGetPayloadValue<long>("iat", out var issuedAt))
            throw new TokenRefusedException(TokenRefusal.MalformedToken, "no iat claim");
        if (DateTimeOffset.FromUnixTimeSeconds(issuedAt) > time.GetUtcNow() + clockSkew)
            throw new TokenRefusedException(TokenRefusal.IssuedInTheFuture);
        return jwt;
    }

    /// <summary>Whether the signature, issuer and audience hold, whatever the token's time.</summary>
    static async Task<bool> IsAuthenticAsync(string token, TokenValidationParameters parameters)
    {
        var timeless = parameters.Clone();
        timeless.ValidateLifetime = false;
        timeless.LifetimeValidator = null;
        return (await Handler.ValidateTokenAsync(token, timeless)).IsValid;
    }

    public static string? Qsh(JsonWebToken token) =>
        token.TryGetPayloadValue<string>("qsh", out var qsh) ? qsh : null;
}
