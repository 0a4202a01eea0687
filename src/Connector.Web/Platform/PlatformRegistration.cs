using System.Security.Cryptography.X509Certificates;
using Connector.Web.Platform.Database;
using Connector.Web.Platform.Http;
using Connector.Web.Platform.Metrics;
using Connector.Web.Platform.Secrets;
using Connector.Web.Platform.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Web.Platform;

public static class PlatformRegistration
{
    /// <summary>Structured console logs; called before anything else so tests can add their own sink after it.</summary>
    public static void AddPlatformLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (builder.Configuration["Logging:Format"] == "simple")
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        else
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        // The hosting layer logs every URL with its query string, and our URLs carry JWTs.
        // RequestLogging below logs requests with the token removed instead.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);
        // One line per outgoing call at info drowns what matters: retries and failures are logged by the
        // resilience pipeline, and a run writes one line per page.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
    }

    public static void AddPlatform(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<SecurityHeadersOptions>();
        builder.Services.AddOptions<SupportOptions>().BindConfiguration(SupportOptions.Section);
        builder.Services.AddMemoryCache();
        AddDataProtection(builder);
        builder.Services.AddSingleton<SecretProtector>();
        builder.Services.AddSingleton<AppKeys>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        builder.AddMetricsExport();
    }

    static void AddDataProtection(WebApplicationBuilder builder)
    {
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("multisource-connector");
        // Without a certificate the key ring sits in the database next to the ciphertext it unlocks, and
        // ASP.NET warns "No XML encryptor configured" when it makes a key. scripts/run.sh gives a local
        // certificate; production must give one so a database copy alone reveals nothing (README, Production).
        if (Certificate(builder.Configuration, "DataProtection:Certificate") is { } certificate)
            dataProtection.ProtectKeysWithCertificate(certificate);
        // After a certificate is replaced, keys the old one protected stay readable while it is given here.
        if (Certificate(builder.Configuration, "DataProtection:PreviousCertificate") is { } previous)
            dataProtection.UnprotectKeysWithAnyCertificate(previous);
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
            new ConfigureOptions<KeyManagementOptions>(options =>
                options.XmlRepository = new PostgresXmlRepository(services.GetRequiredService<NpgsqlDataSource>())));
    }

    static X509Certificate2? Certificate(IConfiguration configuration, string prefix) =>
        configuration[prefix + "Path"] is { Length: > 0 } path ? X509CertificateLoader.LoadPkcs12FromFile(path, configuration[prefix + "Password"]) : null;

    public static void UsePlatform(this WebApplication app)
    {
        app.UseMiddleware<RequestLogging>();
        app.UseMiddleware<SecurityHeaders>();
        // Inside the product's frame a bare 500 shows a blank box; say what happened and where to get help.
        app.UseExceptionHandler(failed => failed.Run(context =>
            context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error is BadHttpRequestException { StatusCode: 413 }
                ? ErrorPage.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, new ErrorPageText("What was sent is too large",
                    "Nothing was changed. Send less (a CSV file has its own limit, shown on the upload form)."))
                : ErrorPage.WriteAsync(context, StatusCodes.Status500InternalServerError, new ErrorPageText("Something went wrong on our side",
                    "Nothing was changed by this request. Try again; if it keeps happening, tell support the time it happened."))));
        app.UseStaticFiles();
    }

    public static void MapPlatformEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health", new() { ResponseWriter = DatabaseHealthCheck.WriteJson }).AllowAnonymous();
        app.MapMetrics();
    }
}
