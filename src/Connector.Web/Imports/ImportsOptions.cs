namespace Connector.Web.Imports;

/// <summary>The "Imports" configuration section: how soon a run whose worker vanished is taken up again, how often everything is read.</summary>
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

    /// <summary>
    /// A Full Import of a source that reports changes reads only what changed, but everything again once this long has
    /// passed since it last did: only a whole read finds the records the source deleted.
    /// </summary>
    public TimeSpan FullReadEvery { get; set; } = TimeSpan.FromDays(7);
}
