namespace Connector.Sandbox.Faults;

/// <summary>
/// What can go wrong on a site's APIs, set per site through PUT /sandbox/sites/{name}/faults.
/// Deterministic: the random error ratio draws from a seeded generator.
/// </summary>
public sealed record FaultSettings
{
    /// <summary>Only requests whose site-relative path starts with this are affected (null: all APIs).</summary>
    public string? PathPrefix { get; init; }

    /// <summary>The next N matching requests fail with <see cref="FailStatus"/>.</summary>
    public int FailNext { get; init; }

    public int FailStatus { get; init; } = 503;

    /// <summary>Sent as Retry-After (seconds) on injected 429/503 answers, when set.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Share of matching requests (0..1) that fail with <see cref="FailStatus"/>.</summary>
    public double ErrorRatio { get; init; }

    public int Seed { get; init; } = 42;

    /// <summary>Added to every matching request before it is answered.</summary>
    public int LatencyMs { get; init; }

    /// <summary>While on, every matching request answers 503 as Atlassian does during site updates.</summary>
    public bool Maintenance { get; init; }
}

/// <summary>The live fault state of one site.</summary>
public sealed class SiteFaults
{
    readonly Lock gate = new();
    FaultSettings settings = new();
    int remainingFailures;
    Random random = new(42);

    public FaultSettings Settings
    {
        get { lock (gate) return settings; }
    }

    public void Apply(FaultSettings next)
    {
        lock (gate)
        {
            settings = next;
            remainingFailures = next.FailNext;
            random = new Random(next.Seed);
        }
    }

    /// <summary>Whether this request should fail, consuming one of the "fail next" budget if so.</summary>
    public bool ShouldFail(string sitePath)
    {
        lock (gate)
        {
            if (settings.PathPrefix is { } prefix && !sitePath.StartsWith(prefix, StringComparison.Ordinal)) return false;
            if (settings.Maintenance) return true;
            if (remainingFailures > 0)
            {
                remainingFailures--;
                return true;
            }
            return settings.ErrorRatio > 0 && random.NextDouble() < settings.ErrorRatio;
        }
    }
}
