using System.Collections.Concurrent;
using System.Security.Cryptography;
using Npgsql;

namespace Connector.Web.Platform.Secrets;

/// <summary>
/// Random keys the app makes for itself (such as the session-token signing key): created once,
/// stored protected in app_keys, identical on every instance.
/// </summary>
public sealed class AppKeys(NpgsqlDataSource dataSource, SecretProtector protector)
{
    readonly ConcurrentDictionary<string, byte[]> cache = new();

    public async Task<byte[]> GetOrCreateAsync(string name, int sizeInBytes, CancellationToken cancellationToken = default)
    {
        if (cache.TryGetValue(name, out var cached)) return cached;

        var candidate = Convert.ToBase64String(RandomNumberGenerator.GetBytes(sizeInBytes));
        // Two instances may race here; the first insert wins and both read the winner back.
        await using (var insert = dataSource.CreateCommand(
            "insert into app_keys (name, protected_value) values ($1, $2) on conflict (name) do nothing"))
        {
            insert.Parameters.Add(new() { Value = name });
            insert.Parameters.Add(new() { Value = protector.Protect(candidate) });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var select = dataSource.CreateCommand("select protected_value from app_keys where name = $1");
        select.Parameters.Add(new() { Value = name });
        var stored = (string)(await select.ExecuteScalarAsync(cancellationToken))!;
        var key = Convert.FromBase64String(protector.Unprotect(stored));
        return cache.GetOrAdd(name, key);
    }
}
