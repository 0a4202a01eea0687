using Connector.Sandbox;
using Connector.Sandbox.Connect;
using Connector.Sandbox.Sites;
using Connector.Web;
using Connector.Web.Platform.Database;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;

namespace Connector.Tests.Infrastructure;

/// <summary>
/// Our app and the Atlassian sandbox, each on its own loopback port, with the app on a fresh
/// PostgreSQL database named after the test class <typeparamref name="TTests"/>. Exactly what the
/// README's run command starts, hosted in the test process so tests can reach both sides' services.
/// </summary>
public class ConnectWorld<TTests> : IAsyncLifetime
{
    public WebApplication App { get; private set; } = null!;
    public WebApplication Sandbox { get; private set; } = null!;
    public string AppUrl { get; private set; } = "";
    public string SandboxUrl { get; private set; } = "";
    public string ConnectionString { get; private set; } = "";
    public CapturedLogs AppLogs { get; } = new();

    /// <summary>Every email the app sent.</summary>
    public SmtpSink Mail { get; } = new();

    public const string OperatorKey = "operator-key-for-tests-only";
    public const string SupportContact = "help@multisource-connector.example";
    public HttpClient Http { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false });

    /// <summary>Extra app settings for a test class (configuration keys as in appsettings, ':'-separated).</summary>
    protected virtual Dictionary<string, string?> AppSettings => [];

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync(typeof(TTests).Name);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartAsync();
                return;
            }
            catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException && attempt < 3)
            {
                // Another world took a chosen port between choosing and binding: choose again.
                await DisposeStartedAsync();
            }
        }
    }

    async Task StartAsync()
    {
        var appPort = FreePort.Next();
        var sandboxPort = FreePort.Next();
        AppUrl = $"http://127.0.0.1:{appPort}";
        SandboxUrl = $"http://127.0.0.1:{sandboxPort}";

        Sandbox = SandboxApp.Create([], builder =>
        {
            builder.WebHost.UseUrls(SandboxUrl);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sandbox:BaseUrl"] = SandboxUrl,
                ["Sandbox:AppBaseUrl"] = AppUrl,
                ["Sandbox:Sites:0"] = "acme",
                ["Sandbox:Sites:1"] = "globex",
                ["Sandbox:Sites:2"] = "initech",
                ["Sandbox:Sites:3"] = "umbrella",
                ["Sandbox:Sites:4"] = "hooli",
            });
            builder.Logging.AddFilter<ConsoleLoggerProvider>(level => level >= LogLevel.Warning);
        });
        await Sandbox.StartAsync();

        App = CreateApp(appPort);
        await App.StartAsync();
    }

    /// <summary>A second instance of the app on the same database (for multi-instance tests).</summary>
    public WebApplication CreateApp(int port) => ConnectorApp.Create([], builder =>
    {
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Configuration.AddInMemoryCollection(AppConfiguration());
        builder.Logging.AddFilter<ConsoleLoggerProvider>(level => level >= LogLevel.Warning);
        builder.Logging.AddProvider(AppLogs);
    });

    /// <summary>The app's settings in this world, for an instance in this process or a separate one (<see cref="AppProcess"/>).</summary>
    public Dictionary<string, string?> AppConfiguration()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Connector"] = ConnectionString,
            ["Connect:BaseUrl"] = AppUrl,
            ["Connect:InstallKeysBaseUrl"] = SandboxUrl + "/install-keys",
            ["Connect:AllJsUrl"] = SandboxUrl + "/all.js",
            ["Atlassian:ApiGatewayUrl"] = SandboxUrl + "/gateway",
            ["Logging:Format"] = "simple",
            ["Operator:ApiKey"] = OperatorKey,
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = Mail.Port.ToString(),
            ["Smtp:EnableSsl"] = "false",
            ["Support:Contact"] = SupportContact,
            // The sandbox's sites live on loopback; production refuses loopback sources (SsrfTests prove it).
            ["Sources:AllowLoopback"] = "true",
            // The sandbox plays Microsoft's identity platform and Graph for Entra ID sources.
            ["Sources:EntraLoginUrl"] = SandboxUrl + "/entra",
            ["Sources:GraphUrl"] = SandboxUrl + "/graph",
            ["Sources:HubSpotUrl"] = SandboxUrl + "/hubspot",
            // The sandbox plays Forge too: its app id, its JWKS, and the other origin it serves the shell from.
            ["Forge:Enabled"] = "true",
            ["Forge:AppId"] = new SandboxOptions().ForgeAppId,
            ["Forge:JwksUrl"] = SandboxUrl + "/forge/.well-known/jwks.json",
            ["Forge:ShellOrigins:0"] = SandboxUrl.Replace("://127.0.0.1", "://localhost"),
        };
        foreach (var (key, value) in AppSettings) settings[key] = value;
        return settings;
    }

    public async Task DisposeAsync()
    {
        await DisposeStartedAsync();
        await Mail.DisposeAsync();
        Http.Dispose();
    }

    /// <summary>The app and the sandbox, whichever were created (a start that failed to bind leaves one or both).</summary>
    async Task DisposeStartedAsync()
    {
        if (App is not null) await App.DisposeAsync();
        if (Sandbox is not null) await Sandbox.DisposeAsync();
        (App, Sandbox) = (null!, null!);
    }

    public Site Site(string name) => Sandbox.Services.GetRequiredService<SiteDirectory>().Find(name)!;

    public TokenMinter Tokens => Sandbox.Services.GetRequiredService<TokenMinter>();

    public InstallSigningKey InstallKey => Sandbox.Services.GetRequiredService<InstallSigningKey>();

    public async Task<LifecycleOutcome> SandboxLifecycleAsync(string site, string verb, SiteProduct product = SiteProduct.Jira)
    {
        var productPath = product == SiteProduct.Confluence ? "/confluence" : "";
        using var response = await Http.PostAsync($"{SandboxUrl}/sandbox/sites/{site}{productPath}/{verb}", null);
        return (await response.Content.ReadFromJsonAsync<LifecycleOutcome>())!;
    }

    /// <summary>Sets a sandbox site's fault knobs (latency, errors, rate limit, maintenance).</summary>
    public async Task SetFaultsAsync(string site, Connector.Sandbox.Faults.FaultSettings faults) =>
        (await Http.PutAsJsonAsync($"{SandboxUrl}/sandbox/sites/{site}/faults", faults)).EnsureSuccessStatusCode();

    public Task ClearFaultsAsync(string site) => SetFaultsAsync(site, new Connector.Sandbox.Faults.FaultSettings());

    public async Task InstallAsync(string site, SiteProduct product = SiteProduct.Jira)
    {
        var outcome = await SandboxLifecycleAsync(site, "install", product);
        Assert.True(outcome.Succeeded, $"install of {site}'s {product} answered {outcome.Status}: {outcome.Body}");
    }

    /// <summary>Our address for the app a product installs: the Confluence app's is ours plus /confluence.</summary>
    public string AppBaseUrl(SiteProduct product) => product == SiteProduct.Confluence ? AppUrl + "/confluence" : AppUrl;

    /// <summary>The URL the product would put in the iframe for a module, JWT included.</summary>
    public string FrameUrl(string site, string path, string? accountId = null, SiteProduct product = SiteProduct.Jira)
    {
        var s = Site(site);
        var install = s.Install(product);
        var url = new Uri($"{AppBaseUrl(product)}{path}{(path.Contains('?') ? '&' : '?')}lic=none&tz=Europe%2FBerlin&xdm_e={Uri.EscapeDataString(install.BaseUrl)}");
        var jwt = Tokens.RequestToken(install, accountId ?? s.Admin.AccountId, HttpMethod.Get, url, AppBaseUrl(product));
        return $"{url}&jwt={Uri.EscapeDataString(jwt)}";
    }

    public async Task<T> InAppScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task<T> WithDbAsync<T>(Func<ConnectorDb, Task<T>> work) =>
        InAppScopeAsync(services => work(services.GetRequiredService<ConnectorDb>()));
}
