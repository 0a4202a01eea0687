using System.Diagnostics;
using Connector.Tests.Infrastructure;

namespace Connector.Tests.Benchmarks;

/// <summary>The benchmark's smoke mode (tiny sizes, under a minute), so the benchmark cannot rot between full runs.</summary>
public sealed class BenchmarkSmokeTests
{
    [Fact]
    public async Task The_benchmark_runs_every_scenario_and_writes_its_table()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
        var bench = Path.Combine(RepositoryRoot.Path, "bench", "Connector.Benchmarks", "bin", configuration, "net10.0", "Connector.Benchmarks.dll");
        var output = Path.Combine(Path.GetTempPath(), $"bench-smoke-{Guid.NewGuid():N}.md");
        var start = new ProcessStartInfo("dotnet", [bench, "--smoke", "--out", output]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ConnectionStrings__Connector"] = await TestPostgres.ServerAsync();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, $"the benchmark failed: {await stderr}");
        var table = await File.ReadAllTextAsync(output);
        Assert.Equal(6, table.Split('\n').Count(l => l.StartsWith("| 1.") || l.StartsWith("| 2.") || l.StartsWith("| 3.") || l.StartsWith("| 4.") || l.StartsWith("| 5.")));
        Assert.Contains("Delta ≥ 10 × faster than the first import, zero writes |", table);
        Assert.Contains("faster, 0 writes |", table);
        Assert.Contains("failed 0, ", table.Split('\n').Single(l => l.StartsWith("| 4.")));
        // Our JWT page beside atlassian-connect-express with each of its two stores, concurrent and one client, each
        // having answered (a page that failed would have stopped the benchmark), and the two targets judged.
        var jwtPages = table.Split('\n').Where(l => l.StartsWith("| 6.")).ToList();
        Assert.Equal(6, jwtPages.Count);
        Assert.Equal(2, jwtPages.Count(l => l.Contains("PostgreSQL store")));
        Assert.Matches(@"\| JWT page, \d+ clients: ours ≥ 2 × ACE \(PostgreSQL store\) requests/s \| (met|not met): ", table);
        Assert.Matches(@"\| JWT page, one client: ours p50 ≤ ACE \(PostgreSQL store\) p50 \| (met|not met): ", table);
        Assert.Contains("| Scenario |", await stdout);
        File.Delete(output);
    }
}
