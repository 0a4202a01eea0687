using System.Reflection;
using System.Text.RegularExpressions;
using Npgsql;

namespace Connector.Web.Platform.Database;

/// <summary>
/// Numbered SQL files (Migrations/NNNN_name.sql, embedded in the assembly) applied in order, all in one
/// transaction under a PostgreSQL advisory lock, each recorded in schema_migrations. Several app
/// instances starting together queue on the lock; the later ones find nothing left to do.
/// </summary>
public sealed partial class Migrator(NpgsqlDataSource dataSource, ILogger<Migrator> logger)
{
    // Any constant works; this one spells "connector migrations" closely enough to recognise in pg_locks.
    const long AdvisoryLockKey = 0x636F6E6E_6D696772;

    public static IReadOnlyList<Migration> All { get; } = LoadEmbedded();

    public static int LatestVersion => All[^1].Version;

    public async Task ApplyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await Execute(connection, transaction, $"select pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
        await Execute(connection, transaction, """
            create table if not exists schema_migrations (
                version    integer primary key,
                name       text not null,
                applied_at timestamptz not null default now()
            )
            """, cancellationToken);

        var applied = await AppliedVersions(connection, transaction, cancellationToken);
        foreach (var migration in All.Where(m => !applied.Contains(m.Version)))
        {
            logger.LogInformation("Applying migration {Version} {Name}", migration.Version, migration.Name);
            await Execute(connection, transaction, migration.Sql, cancellationToken);
            await using var record = new NpgsqlCommand(
                "insert into schema_migrations (version, name) values ($1, $2)", connection, transaction);
            record.Parameters.Add(new() { Value = migration.Version });
            record.Parameters.Add(new() { Value = migration.Name });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<int?> CurrentVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("select max(version) from schema_migrations");
        try
        {
            return await command.ExecuteScalarAsync(cancellationToken) as int?;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }

    static async Task<HashSet<int>> AppliedVersions(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select version from schema_migrations", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new HashSet<int>();
        while (await reader.ReadAsync(cancellationToken)) versions.Add(reader.GetInt32(0));
        return versions;
    }

    static async Task Execute(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    static List<Migration> LoadEmbedded()
    {
        var assembly = typeof(Migrator).Assembly;
        var migrations = new List<Migration> { new(3, "quartz_scheduler", Scheduling.QuartzSchema.Sql()) };
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = ResourceName().Match(resource);
            if (!match.Success) continue;
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            migrations.Add(new Migration(int.Parse(match.Groups["version"].Value), match.Groups["name"].Value, reader.ReadToEnd()));
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Two migrations share version {duplicate.Key}.");
        return migrations;
    }

    [GeneratedRegex(@"\.Migrations\.(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex ResourceName();
}

public sealed record Migration(int Version, string Name, string Sql);
