using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Connector.Web.Platform.Metrics;

/// <summary>
/// Listens to the meters operators care about and keeps their current values in memory, for
/// <see cref="PrometheusText"/> to render at /metrics. (OpenTelemetry's Prometheus exporter is not
/// available from our package source; this is the small part of it we need.)
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    // Meters made through this app's IMeterFactory are this app's alone, even with two apps in one test process.
    // Of the framework's meters only what operators read: each enabled instrument costs every request a measurement.
    const string OwnMeterPrefix = "Connector.";
    static readonly HashSet<string> FrameworkInstruments = ["http.server.request.duration", "http.server.active_requests", "http.client.request.duration"];
    const string ProcessMeter = "System.Runtime";

    // Which site a call went to would make one series per tenant, and tell who our tenants are: summed away.
    static readonly HashSet<string> DroppedTags = ["server.address", "server.port", "network.peer.address", "url.scheme", "network.protocol.version"];

    readonly MeterListener listener = new();
    readonly ConcurrentDictionary<Instrument, InstrumentSeries> series = new();

    public MetricsCollector(IMeterFactory meterFactory)
    {
        listener.InstrumentPublished = (instrument, self) =>
        {
            if (!Wanted(instrument, meterFactory)) return;
            self.EnableMeasurementEvents(instrument, series.GetOrAdd(instrument, i => new InstrumentSeries(i)));
        };
        listener.MeasurementsCompleted = (instrument, _) => series.TryRemove(instrument, out InstrumentSeries? _);
        listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<float>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        listener.Start();
    }

    static bool Wanted(Instrument instrument, IMeterFactory ours) => instrument.Meter.Scope == ours
        ? instrument.Meter.Name.StartsWith(OwnMeterPrefix, StringComparison.Ordinal) || FrameworkInstruments.Contains(instrument.Name)
        : instrument.Meter.Scope is null && instrument.Meter.Name == ProcessMeter;

    /// <summary>Every instrument's series as they are now; observable instruments are asked first.</summary>
    public IReadOnlyList<InstrumentSeries> Snapshot()
    {
        listener.RecordObservableInstruments();
        return series.Values.OrderBy(s => s.Instrument.Name, StringComparer.Ordinal).ToList();
    }

    public void Dispose() => listener.Dispose();

    /// <summary>One instrument's values, one per distinct set of tags.</summary>
    public sealed class InstrumentSeries(Instrument instrument)
    {
        // Wide enough for a page request (milliseconds) and a full import (an hour).
        public static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

        readonly ConcurrentDictionary<string, Value> values = new(StringComparer.Ordinal);
        // Observable instruments and gauges report their running total or current level; the others report changes.
        readonly bool reportsLevel = instrument.IsObservable || instrument.GetType().Name == "Gauge`1";

        public Instrument Instrument => instrument;
        public InstrumentKind Kind { get; } = KindOf(instrument);
        public IEnumerable<KeyValuePair<string, Value>> Values => values.OrderBy(v => v.Key, StringComparer.Ordinal);

        public void Record(double measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var value = values.GetOrAdd(PrometheusText.Labels(tags, DroppedTags), _ => new Value());
            lock (value)
            {
                if (Kind == InstrumentKind.Histogram)
                {
                    value.Count++;
                    value.Sum += measurement;
                    var bucket = Array.FindIndex(Buckets, bound => measurement <= bound);
                    if (bucket >= 0) value.BucketCounts[bucket]++;
                }
                else if (reportsLevel)
                    value.Current = measurement;
                else
                    value.Current += measurement;
            }
        }

        static InstrumentKind KindOf(Instrument instrument) => instrument.GetType().Name switch
        {
            "Counter`1" or "ObservableCounter`1" => InstrumentKind.Counter,
            "Histogram`1" => InstrumentKind.Histogram,
            _ => InstrumentKind.Gauge, // up-down counters and gauges: a level that goes both ways
        };
    }

    public sealed class Value
    {
        public double Current;
        public long Count;
        public double Sum;
        public readonly long[] BucketCounts = new long[InstrumentSeries.Buckets.Length];
    }
}

public enum InstrumentKind { Counter, Gauge, Histogram }
