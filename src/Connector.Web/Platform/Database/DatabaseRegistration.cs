using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Connector.Web.Platform.Database;

public static class DatabaseRegistration
{
    public static void AddDatabase(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Connector")
            ?? throw new InvalidOperationException(
                "ConnectionStrings__Connector is not set. scripts/postgres.sh url prints the local default.");

        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        builder.Services.AddDbContext<ConnectorDb>((services, options) =>
            options.UseNpgsql(services.GetRequiredService<NpgsqlDataSource>()));
        builder.Services.AddSingleton<Migrator>();
        builder.Services.AddHostedService<MigrateOnStartup>();
    }
}

/// <summary>
/// Applies migrations before Kestrel accepts a request: hosted services registered before the server
/// start first, so no request ever sees an old schema.
/// </summary>
sealed class MigrateOnStartup(Migrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.ApplyAsync(cancellationToken);
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
