using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Connector.Web.Platform.Metrics;

/// <summary>
/// Prometheus' text exposition format (version 0.0.4), with OpenTelemetry's naming rules:
/// dots become underscores, the unit becomes a suffix, counters end in _total.
/// </summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(IEnumerable<MetricsCollector.InstrumentSeries> instruments)
    {
        var text = new StringBuilder();
        foreach (var instrument in instruments)
        {
            var name = MetricName(instrument.Instrument, instrument.Kind);
            if (instrument.Instrument.Description is { Length: > 0 } help) text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(instrument.Kind.ToString().ToLowerInvariant()).Append('\n');
            foreach (var (labels, value) in instrument.Values)
                lock (value)
                {
                    if (instrument.Kind != InstrumentKind.Histogram)
                    {
                        Sample(text, name, labels, value.Current);
                        continue;
                    }
                    var cumulative = 0L;
                    for (var i = 0; i < MetricsCollector.InstrumentSeries.Buckets.Length; i++)
                    {
                        cumulative += value.BucketCounts[i];
                        Sample(text, name + "_bucket", With(labels, $"le=\"{Number(MetricsCollector.InstrumentSeries.Buckets[i])}\""), cumulative);
                    }
                    Sample(text, name + "_bucket", With(labels, "le=\"+Inf\""), value.Count);
                    Sample(text, name + "_sum", labels, value.Sum);
                    Sample(text, name + "_count", labels, value.Count);
                }
        }
        return text.ToString();
    }

    /// <summary>A measurement's tags as a label set, in a stable order, without the tags we drop.</summary>
    public static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags, IReadOnlySet<string> dropped)
    {
        if (tags.IsEmpty) return "";
        var kept = new List<KeyValuePair<string, object?>>(tags.Length);
        foreach (var tag in tags)
            if (!dropped.Contains(tag.Key)) kept.Add(tag);
        kept.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var labels = new StringBuilder();
        foreach (var (key, value) in kept)
        {
            if (labels.Length > 0) labels.Append(',');
            labels.Append(Sanitise(key)).Append("=\"").Append(EscapeLabel(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")).Append('"');
        }
        return labels.ToString();
    }

    public static string MetricName(Instrument instrument, InstrumentKind kind)
    {
        var name = Sanitise(instrument.Name);
        var unit = instrument.Unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            _ => "", // annotations such as {request} carry no unit
        };
        if (!name.EndsWith(unit, StringComparison.Ordinal)) name += unit;
        return kind == InstrumentKind.Counter ? name + "_total" : name;
    }

    static void Sample(StringBuilder text, string name, string labels, double value)
    {
        text.Append(name);
        if (labels.Length > 0) text.Append('{').Append(labels).Append('}');
        text.Append(' ').Append(Number(value)).Append('\n');
    }

    static string With(string labels, string label) => labels.Length == 0 ? label : labels + "," + label;

    static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    static string Sanitise(string name)
    {
        var clean = new StringBuilder(name.Length);
        foreach (var c in name) clean.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        return clean.ToString();
    }

    static string EscapeLabel(string value) => value.Replace(@"\", @"\\").Replace("\"", "\\\"").Replace("\n", @"\n");

    static string EscapeHelp(string value) => value.Replace(@"\", @"\\").Replace("\n", @"\n");
}
