using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Web.Connect.Jwt;

/// <summary>Shared JWT checks for every token we accept, on top of IdentityModel's signature and lifetime checks.</summary>
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
            throw new ConnectAuthException(ConnectAuthFailure.MalformedToken);
        }
    }

    public static void RequireAlgorithm(JsonWebToken token, string algorithm)
    {
        if (!string.Equals(token.Alg, algorithm, StringComparison.Ordinal))
            throw new ConnectAuthException(ConnectAuthFailure.WrongAlgorithm, token.Alg);
    }

    public static async Task<JsonWebToken> ValidateAsync(
        string token, TokenValidationParameters parameters, TimeProvider time, TimeSpan clockSkew)
    {
        parameters.RequireExpirationTime = true;
        parameters.RequireSignedTokens = true;
        parameters.ValidateLifetime = true;
        parameters.ClockSkew = clockSkew;
        parameters.LifetimeValidator = (notBefore, expires, _, _) =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            if (expires is null || now > expires.Value + clockSkew) throw new ConnectAuthException(ConnectAuthFailure.Expired);
            if (notBefore is { } nbf && now + clockSkew < nbf) throw new ConnectAuthException(ConnectAuthFailure.IssuedInTheFuture);
            return true;
        };

        var result = await Handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            throw result.Exception switch
            {
                ConnectAuthException known => known,
                SecurityTokenInvalidAudienceException => new ConnectAuthException(ConnectAuthFailure.WrongAudience),
                SecurityTokenInvalidIssuerException => new ConnectAuthException(ConnectAuthFailure.IssuerDoesNotMatchClientKey),
                SecurityTokenInvalidAlgorithmException => new ConnectAuthException(ConnectAuthFailure.WrongAlgorithm),
                SecurityTokenNoExpirationException => new ConnectAuthException(ConnectAuthFailure.Expired, "no exp claim"),
                SecurityTokenMalformedException => new ConnectAuthException(ConnectAuthFailure.MalformedToken),
                var other => new ConnectAuthException(ConnectAuthFailure.InvalidSignature, other?.GetType().Name),
            };
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        // IdentityModel does not look at iat; Atlassian's tokens always carry it.
        if (!jwt.TryGetPayloadValue<long>("iat", out var issuedAt))
            throw new ConnectAuthException(ConnectAuthFailure.MalformedToken, "no iat claim");
        if (DateTimeOffset.FromUnixTimeSeconds(issuedAt) > time.GetUtcNow() + clockSkew)
            throw new ConnectAuthException(ConnectAuthFailure.IssuedInTheFuture);
        return jwt;
    }

    public static string? Qsh(JsonWebToken token) =>
        token.TryGetPayloadValue<string>("qsh", out var qsh) ? qsh : null;
}
