using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Connector.Sandbox.Connect;

/// <summary>Plays Atlassian's signed-install key pair; the public half is served by kid like connect-install-keys.</summary>
public sealed class InstallSigningKey : IDisposable
{
    readonly RSA rsa = RSA.Create(2048);

    public string KeyId { get; } = Guid.NewGuid().ToString();

    public string PublicKeyPem => rsa.ExportSubjectPublicKeyInfoPem();

    public SigningCredentials Credentials => new(new RsaSecurityKey(rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256);

    public void Dispose() => rsa.Dispose();
}

public static class InstallKeysEndpoint
{
    public static void MapInstallKeys(this IEndpointRouteBuilder app) =>
        app.MapGet("/install-keys/{kid}", (string kid, InstallSigningKey key) =>
            kid == key.KeyId ? Results.Text(key.PublicKeyPem, "application/x-pem-file") : Results.NotFound());
}
