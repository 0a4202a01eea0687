namespace Connector.Web.Connect.Jwt;

/// <summary>Why a Connect token was refused. Logged for us; never told to the caller in detail.</summary>
public enum ConnectAuthFailure
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

public sealed class ConnectAuthException(ConnectAuthFailure failure, string? detail = null)
    : Exception($"Connect authentication failed: {failure}{(detail is null ? "" : $" ({detail})")}")
{
    public ConnectAuthFailure Failure { get; } = failure;
}
