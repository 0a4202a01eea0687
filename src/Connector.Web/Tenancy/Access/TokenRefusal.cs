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
}
