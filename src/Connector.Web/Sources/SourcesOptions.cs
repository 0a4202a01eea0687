namespace Connector.Web.Sources;

/// <summary>The "Sources" configuration section.</summary>
public sealed class SourcesOptions
{
    public const string Section = "Sources";

    /// <summary>The largest CSV file accepted.</summary>
    public long CsvMaxBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Keys expiring within this many days are flagged on the page.</summary>
    public int ExpiryWarningDays { get; set; } = 14;
}
