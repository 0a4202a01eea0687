using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Connector.Benchmarks;

/// <summary>
/// The baseline for our JWT page: bench/ace/app.js, a minimal atlassian-connect-express app with one admin page,
/// run as its own process beside ours. It knows one tenant, whose shared secret signs the product JWT we load it with.
/// </summary>
static class AceApp
{
    /// <summary>Where ACE keeps its tenants: the store its documentation gives for production, or a map in memory.</summary>
    public enum Store { PostgreSql, Memory }

    /// <param name="databaseUrl">A PostgreSQL URL (postgres://user:password@host:port/database) for <see cref="Store.PostgreSql"/>.</param>
    public static async Task<(ServiceProcess Process, string PageUrl)> StartAsync(string root, string url, string siteUrl, Store store, string databaseUrl)
    {
        var clientKey = $"bench-ace-{Guid.NewGuid():N}";
        var sharedSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var start = new ProcessStartInfo("node", ["app.js"]) { WorkingDirectory = Path.Combine(root, "bench", "ace") };
        start.Environment["NODE_ENV"] = "production";
        start.Environment["PORT"] = new Uri(url).Port.ToString();
        start.Environment["AC_LOCAL_BASE_URL"] = url;
        start.Environment["BENCH_CLIENT_KEY"] = clientKey;
        start.Environment["BENCH_SHARED_SECRET"] = sharedSecret;
        start.Environment["BENCH_BASE_URL"] = siteUrl;
        start.Environment["BENCH_STORE"] = store == Store.PostgreSql ? "sequelize" : "bench-memory";
        start.Environment["DB_URL"] = databaseUrl;
        var process = await ServiceProcess.StartAsync(start, url, "/health", "ace");
        return (process, $"{url}/admin?jwt={ProductJwt(clientKey, sharedSecret, "GET&/admin&")}");
    }

    /// <summary>A product JWT as Jira signs an admin page's iframe URL: HS256 over iss, iat, exp, sub and the qsh.</summary>
    static string ProductJwt(string clientKey, string sharedSecret, string canonicalRequest)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var qsh = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var claims = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { iss = clientKey, iat = now, exp = now + 600, sub = "bench-admin", qsh }));
        var signature = Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(sharedSecret), Encoding.ASCII.GetBytes($"{header}.{claims}")));
        return $"{header}.{claims}.{signature}";
    }

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
