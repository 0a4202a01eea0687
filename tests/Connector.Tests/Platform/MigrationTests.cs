using Connector.Tests.Infrastructure;
using Connector.Web.Platform.Database;
using Connector.Web.Platform.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Connector.Tests.Platform;

public sealed class MigrationTests
{
    [Fact]
    public async Task The_migrated_schema_has_every_table_and_column_the_EF_model_expects()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(nameof(The_migrated_schema_has_every_table_and_column_the_EF_model_expects));
        await using var app = StandaloneApp.Create(connectionString);
        await app.StartAsync();
        var columns = await ColumnsAsync(connectionString);

        await using var scope = app.Services.CreateAsyncScope();
        var model = scope.ServiceProvider.GetRequiredService<ConnectorDb>().Model;
        var checkedColumns = 0;
        foreach (var entity in model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var storeObject = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName(storeObject)!;
                Assert.True(columns.TryGetValue((table, column), out var actual), $"{table}.{column} is in the model but not in the schema");
                Assert.Equal(Normalise(property.GetColumnType()), actual.Type);
                Assert.Equal(property.IsNullable, actual.Nullable);
                checkedColumns++;
            }
        }
        Assert.True(checkedColumns > 10, "the model should have been compared column by column");
    }

    [Fact]
    public async Task Two_instances_starting_at_once_apply_each_migration_once_share_their_key_ring_and_join_one_scheduler_cluster()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("two_instances");
        await using var first = StandaloneApp.Create(connectionString);
        await using var second = StandaloneApp.Create(connectionString);

        await Task.WhenAll(first.StartAsync(), second.StartAsync());

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand("select count(*), count(distinct version), max(version) from schema_migrations", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            Assert.Equal(Migrator.All.Count, reader.GetInt64(0));
            Assert.Equal(Migrator.All.Count, reader.GetInt64(1));
            Assert.Equal(Migrator.LatestVersion, reader.GetInt32(2));
        }

        // Each scheduler writes its first cluster check-in just after it starts.
        var schedulers = 0L;
        for (var attempt = 0; attempt < 100 && schedulers < 2; attempt++, await Task.Delay(100))
            schedulers = await ScalarAsync(connection, "select count(*) from qrtz_scheduler_state where sched_name = 'connector'");
        Assert.Equal(2L, schedulers);
        Assert.Equal(1L, await ScalarAsync(connection, "select count(*) from qrtz_job_details where job_name = 'uninstalled-tenant-purge'"));

        var ciphertext = first.Services.GetRequiredService<SecretProtector>().Protect("a credential");
        Assert.Equal("a credential", second.Services.GetRequiredService<SecretProtector>().Unprotect(ciphertext));
    }

    [Fact]
    public async Task Migrations_are_numbered_without_gaps()
    {
        Assert.Equal(Enumerable.Range(1, Migrator.All.Count), Migrator.All.Select(m => m.Version));
        await Task.CompletedTask;
    }

    static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    static async Task<Dictionary<(string Table, string Column), (string Type, bool Nullable)>> ColumnsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select table_name, column_name, data_type, udt_name, is_nullable = 'YES'
            from information_schema.columns where table_schema = 'public'
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var columns = new Dictionary<(string, string), (string, bool)>();
        while (await reader.ReadAsync())
        {
            var type = reader.GetString(2) == "ARRAY" ? reader.GetString(3) : reader.GetString(2);
            columns[(reader.GetString(0), reader.GetString(1))] = (Normalise(type), reader.GetBoolean(4));
        }
        return columns;
    }

    // EF and information_schema spell a few types differently.
    static string Normalise(string type) => type.ToLowerInvariant() switch
    {
        "timestamp with time zone" => "timestamptz",
        "character varying" => "text",
        ['_', .. var element] => element + "[]", // information_schema names array types by their element: _text
        var other => other,
    };
}
