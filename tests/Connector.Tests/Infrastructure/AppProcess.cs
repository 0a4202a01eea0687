using System.Diagnostics;
using System.Text;

namespace Connector.Tests.Infrastructure;

/// <summary>
/// The app as a process of its own (the built Connector.Web.dll under `dotnet`), so a test can SIGKILL it: no
/// finally block, no graceful stop, no flushed buffers, exactly as a crashed or OOM-killed container. Its output is
/// kept for the failure message.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    readonly Process process;
    readonly StringBuilder output = new();

    AppProcess(Process process) => this.process = process;

    public string Output { get { lock (output) return output.ToString(); } }

    /// <summary>Starts the app listening on <paramref name="url"/> with these settings, and waits until /health answers.</summary>
    public static async Task<AppProcess> StartAsync(string url, IReadOnlyDictionary<string, string?> settings)
    {
        var start = new ProcessStartInfo("dotnet", [WebAssembly()])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(WebAssembly())!,
        };
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        start.Environment["ASPNETCORE_URLS"] = url;
        start.Environment["Logging__Format"] = "simple";
        var app = new AppProcess(Process.Start(start)!);
        app.process.OutputDataReceived += (_, e) => app.Append(e.Data);
        app.process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        app.process.BeginOutputReadLine();
        app.process.BeginErrorReadLine();
        try
        {
            await app.WaitHealthyAsync(url);
            return app;
        }
        catch
        {
            await app.DisposeAsync(); // never leave a process behind the tests
            throw;
        }
    }

    /// <summary>Several instances started together; if one fails to start, the others are killed too.</summary>
    public static async Task<AppProcess[]> StartManyAsync(IReadOnlyList<string> urls, IReadOnlyDictionary<string, string?> settings)
    {
        var starting = urls.Select(url => StartAsync(url, settings)).ToList();
        try
        {
            return await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully)) await started.Result.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: the process ends at once, mid-statement if it is in one.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    async Task WaitHealthyAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new Xunit.Sdk.XunitException($"The app process exited ({process.ExitCode}):\n{Output}");
            try
            {
                using var response = await http.GetAsync($"{url}/health");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new Xunit.Sdk.XunitException($"The app process did not become healthy in 60 s:\n{Output}");
    }

    void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    /// <summary>The Connector.Web.dll built beside the tests (a project reference copies it, with its runtime config).</summary>
    static string WebAssembly() => typeof(Connector.Web.ConnectorApp).Assembly.Location;

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) await KillAsync();
        process.Dispose();
    }
}
