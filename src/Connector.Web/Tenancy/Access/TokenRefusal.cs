namespace Connector.Web.Tenancy.Access;

/// <summary>Why a token was refused. Logged for us; never told to the caller in detail.</summary>
public enum TokenRefusal
{
    MissingToken,
    AmbiguousToken,
    MalformedToken,
    WrongAlgorithm,
    UnknownIssuer,
    InvalidSignature,
    Expired,
    IssuedInTheFuture,
    MissingQsh,
    QshMismatch,
    TokenKindNotAccepted,
    InvalidKeyId,
    SigningKeyUnavailable,
    WrongAudience,
    IssuerDoesNotMatchClientKey,
    InvalidPayload,
}

public sealed class TokenRefusedException(TokenRefusal refusal, string? detail = null)
    : Exception($"Authentication failed: {refusal}{(detail is null ? "" : $" ({detail})")}")
{
    public TokenRefusal Refusal { get; } = refusal;

    /// <summary>
    /// Set only when the token was authentic (its signature holds) but its time had passed: who it named, so
    /// the refusal page can be framed by that site and tell the admin to reload. Never grants access.
    /// </summary>
    public VerifiedCaller? Lapsed { get; init; }
}
