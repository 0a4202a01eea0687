using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;

namespace Connector.Tests.Infrastructure;

/// <summary>
/// Real PostgreSQL for tests: the server named by ConnectionStrings__Connector, or else the private
/// cluster of scripts/postgres.sh, started on first use. Each fixture gets its own database, dropped
/// and re-created when the fixture starts, so a failed run leaves its data behind to inspect.
/// </summary>
public static partial class TestPostgres
{
    static readonly Lazy<Task<string>> Server = new(FindOrStartServerAsync);

    /// <summary>The server's connection string (its default database), for programs the tests start.</summary>
    public static Task<string> ServerAsync() => Server.Value;

    public static async Task<string> CreateDatabaseAsync(string name)
    {
        var database = "test_" + Unsafe().Replace(name.ToLowerInvariant(), "_");
        if (database.Length > 63) database = database[..63];
        var server = new NpgsqlConnectionStringBuilder(await Server.Value) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists \"{database}\" with (force)", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"create database \"{database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(await Server.Value) { Database = database }.ConnectionString;
    }

    static async Task<string> FindOrStartServerAsync()
    {
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Connector");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        await RunScriptAsync("start");
        return (await RunScriptAsync("url")).Trim();
    }

    /// <summary>
    /// Stops the private cluster (fast: every session is terminated, as in a crash or failover) and starts it again
    /// after <paramref name="down"/>. Only for tests that run alone; refused when the tests use a server of their own.
    /// </summary>
    public static async Task RestartPrivateClusterAsync(TimeSpan down)
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("ConnectionStrings__Connector")))
            throw new InvalidOperationException("This test restarts PostgreSQL: run it against the private cluster (scripts/test.sh), not ConnectionStrings__Connector.");
        await RunScriptAsync("stop");
        await Task.Delay(down);
        await RunScriptAsync("start");
    }

    static async Task<string> RunScriptAsync(string verb)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot.Path, "scripts", "postgres.sh"), verb])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"scripts/postgres.sh {verb} failed: {await errors}");
        return await output;
    }

    [GeneratedRegex("[^a-z0-9_]")]
    private static partial Regex Unsafe();
}
