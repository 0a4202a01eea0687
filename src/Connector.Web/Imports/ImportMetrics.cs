using System.Diagnostics.Metrics;
using Connector.Web.Platform.Database;

namespace Connector.Web.Imports;

/// <summary>What imports do, for operators' dashboards (exported at /metrics). Never which tenant.</summary>
public sealed class ImportMetrics
{
    readonly Counter<long> runs;
    readonly Counter<long> records;
    readonly Histogram<double> duration;

    public ImportMetrics(IMeterFactory meters)
    {
        var meter = meters.Create("Connector.Imports");
        runs = meter.CreateCounter<long>("connector.import.runs", "{run}", "Import runs that finished, by kind and final status.");
        records = meter.CreateCounter<long>("connector.import.records", "{record}", "Records imports handled, by outcome.");
        duration = meter.CreateHistogram<double>("connector.import.run.duration", "s", "How long finished import runs took from their start.");
    }

    public void RunFinished(ImportRun run, RunStatus status, DateTimeOffset finishedAt)
    {
        // Labelled as the database stores them, so a dashboard and a query say the same thing.
        var kind = new KeyValuePair<string, object?>("kind", EnumText.Of(run.Kind));
        runs.Add(1, kind, new("status", EnumText.Of(status)));
        duration.Record((finishedAt - (run.StartedAt ?? run.QueuedAt)).TotalSeconds, kind);
    }

    public void PageCommitted(PageTally tally)
    {
        Add(tally.Created, "created");
        Add(tally.Updated, "updated");
        Add(tally.Unchanged, "unchanged");
        Add(tally.Skipped, "skipped");
        Add(tally.Failed, "failed");
    }

    void Add(int count, string outcome)
    {
        if (count > 0) records.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
    }
}
