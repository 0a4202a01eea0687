using Npgsql;

namespace Connector.Web.Tenancy;

/// <summary>
/// Listens for PostgreSQL's announcements of tenant changes (channel tenants_changed) and makes the <see cref="TenantCache"/>
/// forget each changed tenant. Reconnects after a lost connection; the cache stays off until it listens again.
/// </summary>
public sealed class TenantChangeListener(NpgsqlDataSource dataSource, TenantCache cache, ILogger<TenantChangeListener> logger) : BackgroundService
{
    public const string Channel = "tenants_changed";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is NpgsqlException or IOException or TimeoutException)
            {
                logger.LogWarning(e, "Lost the tenant change announcements; tenants are read from the database until they are back");
            }
            finally
            {
                cache.Listening(false);
            }
            await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        connection.Notification += (_, notice) =>
        {
            if (Guid.TryParse(notice.Payload, out var id)) cache.Forget(id);
        };
        await using (var listen = new NpgsqlCommand($"listen {Channel}", connection)) await listen.ExecuteNonQueryAsync(stoppingToken);
        cache.Listening(true);
        try
        {
            while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
        }
        finally
        {
            // Pooled connections are not reset when taken again (see DatabaseRegistration): leave no subscription behind.
            if (connection.State == System.Data.ConnectionState.Open)
                await using (var unlisten = new NpgsqlCommand("unlisten *", connection)) await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
