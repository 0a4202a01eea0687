using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Connector.Web.Platform.Database;

public static class DatabaseRegistration
{
    public static void AddDatabase(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Connector")
            ?? throw new InvalidOperationException(
                "ConnectionStrings__Connector is not set. scripts/postgres.sh url prints the local default.");

        builder.Services.AddSingleton(_ =>
        {
            var source = new NpgsqlDataSourceBuilder(connectionString);
            // A pooled connection is otherwise reset (DISCARD ALL) each time it is taken again: a statement, and the
            // loss of every prepared statement, before each of a page's queries. Nothing here leaves session state
            // behind: locks are transaction-scoped and the one LISTEN connection UNLISTENs before it goes back.
            source.ConnectionStringBuilder.NoResetOnClose = true;
            return source.Build();
        });
        // Contexts come from EF's pool: building one from scratch (its options and EF's services for it) cost more
        // than a page's own queries. The request's context, and a factory beside it for work that reads on another
        // task while the request writes (an import streaming a stored file), both serve the request's tenant.
        builder.Services.AddPooledDbContextFactory<ConnectorDb>((services, options) => options
            .UseNpgsql(services.GetRequiredService<NpgsqlDataSource>())
            // Features above the platform watch saves through EF's interceptors (the tenant cache forgets what changed).
            .AddInterceptors(services.GetServices<IInterceptor>())
            // A refused insert is often expected (a unique index deciding a race, such as a double click);
            // the exception still reaches the code that handles it, which logs what is worth logging.
            .ConfigureWarnings(w => w.Log((CoreEventId.SaveChangesFailed, LogLevel.Debug), (RelationalEventId.CommandError, LogLevel.Debug))));
        builder.Services.AddScoped<IDbContextFactory<ConnectorDb>, TenantContexts>();
        builder.Services.AddScoped(services => services.GetRequiredService<IDbContextFactory<ConnectorDb>>().CreateDbContext());
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
