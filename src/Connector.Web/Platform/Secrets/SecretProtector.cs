using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Connector.Web.Platform.Secrets;

/// <summary>
/// Encrypts every credential we store (shared secrets, API keys and tokens). Ciphertext only ever
/// reaches the database; plaintext only ever reaches the outgoing call that needs it.
/// </summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    // An import signs or authenticates hundreds of thousands of calls with the same few secrets; decrypting
    // each time was a tenth of the app's CPU. Plaintext stays in this process's memory only, as it must anyway.
    const int MaxRemembered = 10_000;
    readonly IDataProtector protector = provider.CreateProtector("Connector.StoredSecrets.v1");
    readonly ConcurrentDictionary<string, string> remembered = new(StringComparer.Ordinal);

    public string Protect(string plaintext) => protector.Protect(plaintext);

    public string Unprotect(string ciphertext)
    {
        if (remembered.TryGetValue(ciphertext, out var known)) return known;
        try
        {
            var plaintext = protector.Unprotect(ciphertext);
            if (remembered.Count >= MaxRemembered) remembered.Clear();
            return remembered[ciphertext] = plaintext;
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
