using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Connector.Tests.Infrastructure;
using Connector.Web.Platform.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Connector.Tests.Platform;

/// <summary>The Data Protection key ring that unlocks every stored credential, and who can read it.</summary>
public sealed class KeyRingTests : IDisposable
{
    readonly string certificatePath = Path.Combine(Path.GetTempPath(), $"connector-keyring-{Guid.NewGuid():N}.pfx");
    readonly string nextCertificatePath = Path.Combine(Path.GetTempPath(), $"connector-keyring-next-{Guid.NewGuid():N}.pfx");

    [Fact]
    public async Task With_a_certificate_configured_the_stored_key_ring_is_encrypted_and_only_instances_holding_it_read_secrets()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(nameof(With_a_certificate_configured_the_stored_key_ring_is_encrypted_and_only_instances_holding_it_read_secrets));
        WriteSelfSignedCertificate(certificatePath, "pfx-password");
        var withCertificate = new Dictionary<string, string?>
        {
            ["DataProtection:CertificatePath"] = certificatePath,
            ["DataProtection:CertificatePassword"] = "pfx-password",
        };
        await using var first = StandaloneApp.Create(connectionString, settings: withCertificate);
        await using var second = StandaloneApp.Create(connectionString, settings: withCertificate);
        await Task.WhenAll(first.StartAsync(), second.StartAsync());

        var ciphertext = first.Services.GetRequiredService<SecretProtector>().Protect("ATATT-a-credential");

        var storedKeys = await StoredKeyRingAsync(connectionString);
        Assert.NotEmpty(storedKeys);
        Assert.All(storedKeys, xml =>
        {
            Assert.Contains("EncryptedXmlDecryptor", xml);
            Assert.DoesNotContain("<masterKey", xml);
        });
        Assert.Equal("ATATT-a-credential", second.Services.GetRequiredService<SecretProtector>().Unprotect(ciphertext));

        await using var withoutCertificate = StandaloneApp.Create(connectionString);
        await withoutCertificate.StartAsync();
        Assert.Throws<StoredSecretUnreadableException>(() => withoutCertificate.Services.GetRequiredService<SecretProtector>().Unprotect(ciphertext));
    }

    [Fact]
    public async Task After_the_certificate_is_replaced_secrets_stay_readable_while_the_previous_one_is_configured()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(nameof(After_the_certificate_is_replaced_secrets_stay_readable_while_the_previous_one_is_configured));
        WriteSelfSignedCertificate(certificatePath, "old-password");
        WriteSelfSignedCertificate(nextCertificatePath, "new-password");
        await using var before = StandaloneApp.Create(connectionString, settings: new Dictionary<string, string?>
        {
            ["DataProtection:CertificatePath"] = certificatePath, ["DataProtection:CertificatePassword"] = "old-password",
        });
        await before.StartAsync();
        var ciphertext = before.Services.GetRequiredService<SecretProtector>().Protect("ATATT-a-credential");

        var replaced = new Dictionary<string, string?>
        {
            ["DataProtection:CertificatePath"] = nextCertificatePath, ["DataProtection:CertificatePassword"] = "new-password",
        };
        await using var withoutPrevious = StandaloneApp.Create(connectionString, settings: replaced);
        await using var withPrevious = StandaloneApp.Create(connectionString, settings: new Dictionary<string, string?>(replaced)
        {
            ["DataProtection:PreviousCertificatePath"] = certificatePath, ["DataProtection:PreviousCertificatePassword"] = "old-password",
        });
        await Task.WhenAll(withoutPrevious.StartAsync(), withPrevious.StartAsync());

        Assert.Equal("ATATT-a-credential", withPrevious.Services.GetRequiredService<SecretProtector>().Unprotect(ciphertext));
        Assert.Throws<StoredSecretUnreadableException>(() => withoutPrevious.Services.GetRequiredService<SecretProtector>().Unprotect(ciphertext));
    }

    [Fact]
    public async Task Without_a_certificate_the_key_ring_is_stored_readable_by_every_instance()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(nameof(Without_a_certificate_the_key_ring_is_stored_readable_by_every_instance));
        await using var app = StandaloneApp.Create(connectionString);
        await app.StartAsync();

        app.Services.GetRequiredService<SecretProtector>().Protect("ATATT-a-credential");

        // The documented default (README, Production): fine for the sandbox, not for production.
        Assert.All(await StoredKeyRingAsync(connectionString), xml => Assert.Contains("<masterKey", xml));
    }

    static void WriteSelfSignedCertificate(string path, string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=connector key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
    }

    static async Task<List<string>> StoredKeyRingAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select xml from data_protection_keys", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync()) keys.Add(reader.GetString(0));
        return keys;
    }

    public void Dispose()
    {
        File.Delete(certificatePath);
        File.Delete(nextCertificatePath);
    }
}
