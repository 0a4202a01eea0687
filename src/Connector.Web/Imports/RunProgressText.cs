namespace Connector.Web.Imports;

/// <summary>One line under a run's progress bar: how far it is, of how many, and how long is left.</summary>
public static class RunProgressText
{
    public static string Summary(ImportRun run, DateTimeOffset now)
    {
        var read = run.RecordsRead;
        // A finished run's message already gives its counts; say only how long it took.
        if (!run.IsActive)
            return Took(run) is { } took ? $"{(run.Status is RunStatus.Succeeded or RunStatus.Partial ? "Finished" : "Stopped")} after {took}." : "";
        if (run.Status == RunStatus.Queued) return "Waiting to start.";
        if (run.Status == RunStatus.Paused) return "Paused at the safety stop: waiting for an admin to confirm or cancel.";
        if (run.ReadsChangesOnly) return $"Reading only what changed since the last Full Import: {read:N0} {Records(read)} so far.";
        if (run.TotalHint is not > 0)
            return $"{read:N0} {Records(read)} read so far. The total is shown from the second Full Import on: this source does not say how many it has.";
        var total = run.TotalHint.Value;
        var percent = Math.Min(99, (int)(100L * read / total));
        var of = $"{read:N0} of {(run.TotalEstimated ? "~" : "")}{total:N0} {Records(total)} ({percent}%)";
        return TimeLeft(run, now, total) is { } left ? $"{of}, about {left} left." : $"{of}.";
    }

    /// <summary>From the pace so far, once there is one to go by (a few seconds and some records in).</summary>
    static string? TimeLeft(ImportRun run, DateTimeOffset now, int total)
    {
        if (run.StartedAt is not { } started || run.RecordsRead < 1) return null;
        var elapsed = now - started;
        if (elapsed < TimeSpan.FromSeconds(5)) return null;
        var remaining = Math.Max(0, total - run.RecordsRead);
        return Duration(TimeSpan.FromSeconds(elapsed.TotalSeconds * remaining / run.RecordsRead));
    }

    static string? Took(ImportRun run) =>
        run.StartedAt is { } started && run.FinishedAt is { } finished ? Duration(finished - started) : null;

    public static string Duration(TimeSpan span) => span.TotalSeconds switch
    {
        < 60 => $"{Math.Max(1, (int)Math.Round(span.TotalSeconds))} s",
        < 3600 => $"{(int)span.TotalMinutes} min {span.Seconds} s",
        _ => $"{(int)span.TotalHours} h {span.Minutes} min",
    };

    static string Records(int count) => count == 1 ? "record" : "records";
}
