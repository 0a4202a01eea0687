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

    /// <summary>
    /// Jira's burst limit: matching requests beyond this many in one second answer 429 with Retry-After: 1 and
    /// RateLimit-Reason: jira-burst-based (0: no limit).
    /// </summary>
    public int RateLimitPerSecond { get; init; }

    /// <summary>
    /// Counts the per-second limit for each endpoint (method and route) on its own, as Jira keeps its burst limits per
    /// endpoint family, instead of all of the site's requests together (false, the default, which the benchmark's
    /// rate-limited scenario uses: the harder of the two for a client).
    /// </summary>
    public bool RateLimitPerEndpoint { get; init; }

    /// <summary>
    /// Atlassian's quota for app traffic: this many matching requests per <see cref="QuotaWindowSeconds"/> (0: none). Every
    /// answer says X-RateLimit-Limit and X-RateLimit-Remaining (and X-RateLimit-NearLimit: true under 20% left); beyond
    /// it, 429 with RateLimit-Reason: jira-quota-tenant-based, Retry-After and X-RateLimit-Reset (the window's end, ISO 8601:
    /// minutes as Atlassian sends them, seconds for windows shorter than a minute, which only tests use).
    /// </summary>
    public int QuotaPerWindow { get; init; }

    /// <summary>
    /// Counts only app traffic (JWT or Bearer: Connect, Forge, OAuth) against the quota, as Atlassian's points-based
    /// quotas do since 2 March 2026; API-token (Basic) traffic then meets only the burst limit and gets no quota headers.
    /// Every request costs one point here: the weights Atlassian gives each operation are not in our references.
    /// </summary>
    public bool QuotaForAppsOnly { get; init; }

    public int QuotaWindowSeconds { get; init; } = 3600;
}

/// <summary>How an injected fault answers.</summary>
public sealed record FaultAnswer(int Status, int? RetryAfterSeconds, string Message, string? Reason = null);

/// <summary>The live fault state of one site.</summary>
public sealed class SiteFaults
{
    readonly Lock gate = new();
    FaultSettings settings = new();
    int remainingFailures;
    Random random = new(42);
    readonly Dictionary<string, (long Second, int Count)> bursts = new(StringComparer.Ordinal);
    long quotaWindow;
    int quotaUsed;

    public FaultSettings Settings
    {
        get { lock (gate) return settings; }
    }

    public void Apply(FaultSettings next)
    {
        lock (gate)
        {
            // New settings start with fresh counters: a quota spent under the previous ones does not carry over.
            settings = next;
            bursts.Clear();
            (quotaWindow, quotaUsed) = (0, 0);
            remainingFailures = next.FailNext;
            random = new Random(next.Seed);
        }
    }

    /// <summary>The fault this request meets, if any (consuming one of the "fail next" budget); quota headers go on every answer.</summary>
    /// <param name="endpoint">The request's method and route, which a per-endpoint burst limit counts by.</param>
    /// <param name="appTraffic">Whether the request authenticated as an app (JWT or Bearer) rather than with an API token.</param>
    public FaultAnswer? Decide(string sitePath, string endpoint, bool appTraffic, long nowSecond, IHeaderDictionary headers)
    {
        lock (gate)
        {
            if (settings.PathPrefix is { } prefix && !sitePath.StartsWith(prefix, StringComparison.Ordinal)) return null;
            if (settings.Maintenance) return new(503, settings.RetryAfterSeconds, "This site is being updated.");
            if (settings.RateLimitPerSecond > 0 && BurstSpent(settings.RateLimitPerEndpoint ? endpoint : "", nowSecond))
                return new(429, 1, "Rate limit exceeded.", "jira-burst-based");
            if (settings.QuotaPerWindow > 0 && (appTraffic || !settings.QuotaForAppsOnly) && Quota(nowSecond, headers) is { } spent) return spent;
            if (remainingFailures > 0)
            {
                remainingFailures--;
                return new(settings.FailStatus, settings.RetryAfterSeconds, "Injected fault.");
            }
            return settings.ErrorRatio > 0 && random.NextDouble() < settings.ErrorRatio
                ? new(settings.FailStatus, settings.RetryAfterSeconds, "Injected fault.")
                : null;
        }
    }

    bool BurstSpent(string counter, long nowSecond)
    {
        var (second, count) = bursts.GetValueOrDefault(counter);
        count = second == nowSecond ? count + 1 : 1;
        bursts[counter] = (nowSecond, count);
        return count > settings.RateLimitPerSecond;
    }

    FaultAnswer? Quota(long nowSecond, IHeaderDictionary headers)
    {
        var window = settings.QuotaWindowSeconds;
        var start = nowSecond / window * window;
        if (start != quotaWindow) (quotaWindow, quotaUsed) = (start, 0);
        var remaining = Math.Max(0, settings.QuotaPerWindow - quotaUsed);
        headers["X-RateLimit-Limit"] = settings.QuotaPerWindow.ToString();
        headers["X-RateLimit-Remaining"] = Math.Max(0, remaining - 1).ToString();
        if (remaining > 0)
        {
            quotaUsed++;
            if (remaining - 1 < settings.QuotaPerWindow / 5) headers["X-RateLimit-NearLimit"] = "true";
            return null;
        }
        var reset = DateTimeOffset.FromUnixTimeSeconds(start + window);
        headers["X-RateLimit-Reset"] = reset.UtcDateTime.ToString(window >= 60 ? "yyyy-MM-ddTHH:mm'Z'" : "yyyy-MM-ddTHH:mm:ss'Z'");
        return new(429, (int)(start + window - nowSecond), "Rate limit exceeded.", "jira-quota-tenant-based");
    }
}
