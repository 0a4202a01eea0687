using System.Diagnostics;

namespace Connector.Tests.Infrastructure;

/// <summary>Runs a script of the Forge app with Node.js (installed with its packages by scripts/test.sh).</summary>
public static class NodeScript
{
    public static readonly string ForgeApp = Path.Combine(RepositoryRoot.Path, "src", "Connector.Forge");

    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] arguments)
    {
        if (!Directory.Exists(Path.Combine(ForgeApp, "node_modules", "@forge", "manifest")))
            throw new InvalidOperationException("src/Connector.Forge has no node_modules: run scripts/test.sh, which installs them with npm ci.");
        var start = new ProcessStartInfo("node", arguments) { WorkingDirectory = ForgeApp, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
