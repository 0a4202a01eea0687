namespace Connector.Web.Imports;

/// <summary>The "Imports" configuration section: how soon a run whose worker vanished is taken up again.</summary>
public sealed class ImportsOptions
{
    public const string Section = "Imports";

    /// <summary>
    /// A running run renews its heartbeat with every page; one silent for this long lost its worker (the instance
    /// crashed) and another instance takes it up from its checkpoint. Longer than any page takes to write.
    /// </summary>
    public TimeSpan StaleRunAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often each instance looks for such runs (and for runs no scheduler took).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);
}
