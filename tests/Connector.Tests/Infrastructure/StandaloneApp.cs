using Connector.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Console;

namespace Connector.Tests.Infrastructure;

/// <summary>The app alone on a database of its own, for tests of the platform itself (no Atlassian needed).</summary>
static class StandaloneApp
{
    public static WebApplication Create(string? connectionString, string? baseUrl = "https://connector.example.com",
        int? port = null, CapturedLogs? logs = null, IReadOnlyDictionary<string, string?>? settings = null) =>
        ConnectorApp.Create([], builder =>
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port ?? FreePort.Next()}");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Connector"] = connectionString,
                ["Connect:BaseUrl"] = baseUrl,
                ["Logging:Format"] = "simple",
            });
            if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.AddFilter<ConsoleLoggerProvider>(level => level >= LogLevel.Warning);
            if (logs is not null) builder.Logging.AddProvider(logs);
        });

    public static string Url(this WebApplication app) => app.Urls.Single();
}
