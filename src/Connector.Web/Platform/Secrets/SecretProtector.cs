using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Connector.Web.Platform.Secrets;

/// <summary>
/// Encrypts every credential we store (shared secrets, API keys and tokens). Ciphertext only ever
/// reaches the database; plaintext only ever reaches the outgoing call that needs it.
/// </summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    readonly IDataProtector protector = provider.CreateProtector("Connector.StoredSecrets.v1");

    public string Protect(string plaintext) => protector.Protect(plaintext);

    public string Unprotect(string ciphertext)
    {
        try
        {
            return protector.Unprotect(ciphertext);
        }
        catch (CryptographicException e)
        {
            // The message must not carry the ciphertext: it may end up in a log.
            throw new StoredSecretUnreadableException(e);
        }
    }
}

public sealed class StoredSecretUnreadableException(Exception inner)
    : Exception("A stored secret could not be decrypted; the Data Protection key ring may have changed.", inner);
