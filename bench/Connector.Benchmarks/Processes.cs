using System.Diagnostics;

namespace Connector.Benchmarks;

/// <summary>The app or the sandbox, run as a process of its own so that its memory and CPU can be measured alone.</summary>
sealed class ServiceProcess : IAsyncDisposable
{
    readonly Process process;

    ServiceProcess(Process process) => this.process = process;

    public static Task<ServiceProcess> StartAsync(string dll, string url, Dictionary<string, string> environment, string healthPath)
    {
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", url]);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return StartAsync(start, url, healthPath, Path.GetFileNameWithoutExtension(dll));
    }

    public static async Task<ServiceProcess> StartAsync(ProcessStartInfo start, string url, string healthPath, string name)
    {
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  [{name}] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 240; attempt++)
        {
            try
            {
                if ((await http.GetAsync(url + healthPath)).IsSuccessStatusCode) return new ServiceProcess(process);
            }
            catch (HttpRequestException)
            {
            }
            if (process.HasExited) throw new InvalidOperationException($"{name} exited with {process.ExitCode}");
            await Task.Delay(250);
        }
        throw new TimeoutException($"{name} did not come up at {url}");
    }

    /// <summary>Peak resident memory since the process started (Linux VmHWM), in MiB.</summary>
    public double PeakRssMiB => ReadStatus("VmHWM:") / 1024.0;

    /// <summary>User plus system CPU time used so far, in seconds.</summary>
    public double CpuSeconds
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime.TotalSeconds;
        }
    }

    long ReadStatus(string field) =>
        File.ReadLines($"/proc/{process.Id}/status").Where(l => l.StartsWith(field)).Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])).Single();

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
