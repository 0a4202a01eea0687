using System.Collections.Concurrent;
using System.Net;

namespace Connector.Web.Platform.Http;

/// <summary>
/// Paces one partition's calls (one tenant's: its site and its CSM API alike) to what the other side accepts, instead of
/// learning it from storms of 429s. Unpaced until the first 429; then at 90% of the rate that was accepted, rising by
/// 2% (at least one call per second) for every second without a 429 in which calls had to wait for their slot, and
/// only by 0.5% (at least a quarter call) once within 5% of the rate that was last refused, and cut to 90% again at the
/// next 429 (AIMD: at most one cut per second, since the calls already in flight answer together).
/// A 429's Retry-After holds every call of the partition for that long (its limit is the partition's, not the call's:
/// calls sent meanwhile would only be refused too), as does a quota reported spent (X-RateLimit-Remaining: 0 with
/// X-RateLimit-Reset) until its reset; a 429 whose RateLimit-Reason names a quota holds without cutting the pace.
/// </summary>
public sealed class Pacer(TimeProvider time)
{
    const double Cut = 0.9, Rise = 0.02, NearRise = 0.005, Near = 0.95;
    static readonly TimeSpan Window = TimeSpan.FromSeconds(1), LongestHold = TimeSpan.FromSeconds(60);

    readonly Lock gate = new();
    readonly Queue<DateTimeOffset> acceptedLastSecond = new();
    double? rate;
    double ceiling;
    DateTimeOffset nextSlot, heldUntil, lastChange, lastCut;

    /// <summary>Calls per second now; null while unpaced.</summary>
    public double? Rate { get { lock (gate) return rate; } }

    /// <summary>Takes the next slot; returns how long the caller waits before sending.</summary>
    public TimeSpan Reserve()
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            // Raised only while the pace is what holds calls back: an idle partition does not drift up into a burst.
            if (rate is { } current && now - lastChange >= Window && nextSlot > now)
                (rate, lastChange) = (current + Step(current), now);
            var start = Max(Max(now, nextSlot), heldUntil);
            nextSlot = rate is { } paced ? start + TimeSpan.FromSeconds(1 / paced) : start;
            return start - now;
        }
    }

    public void Observe(HttpResponseMessage response)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            var quota = Reason(response)?.Contains("quota", StringComparison.OrdinalIgnoreCase) == true;
            if (QuotaSpentUntil(response) is { } reset) Hold(Min(reset, now + LongestHold));
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                // While unpaced, what the site accepted in the last second is where the first cut starts from.
                if (rate is null) Note(acceptedLastSecond, now);
                return;
            }
            if (response.Headers.RetryAfter?.Delta is { } wait) Hold(now + (wait < LongestHold ? wait : LongestHold));
            // A spent quota is not a pace that was too fast: hold until it resets, but keep the pace.
            if (quota || (rate is not null && now - lastCut < Window)) return;
            ceiling = rate ?? Math.Max(1, CountWithin(acceptedLastSecond, now));
            rate = Math.Max(1, ceiling * Cut);
            lastChange = lastCut = now;
        }
    }

    /// <summary>Quick back towards the rate last refused, careful near it: fewer 429s, each of which holds the partition.</summary>
    double Step(double current) => current < ceiling * Near ? Math.Max(1, current * Rise) : Math.Max(0.25, current * NearRise);

    static void Note(Queue<DateTimeOffset> moments, DateTimeOffset now)
    {
        CountWithin(moments, now);
        moments.Enqueue(now);
    }

    /// <summary>How many moments fall within the last second (older ones are forgotten).</summary>
    static int CountWithin(Queue<DateTimeOffset> moments, DateTimeOffset now)
    {
        while (moments.TryPeek(out var moment) && now - moment > Window) moments.Dequeue();
        return moments.Count;
    }

    void Hold(DateTimeOffset until)
    {
        if (until > heldUntil) heldUntil = until;
    }

    static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>Atlassian's RateLimit-Reason: jira-burst-based (too fast), jira-quota-… (the tenant's allowance is spent).</summary>
    static string? Reason(HttpResponseMessage response) =>
        response.Headers.TryGetValues("RateLimit-Reason", out var reason) ? reason.FirstOrDefault() : null;

    /// <summary>Atlassian's X-RateLimit-Reset (an ISO 8601 time) when X-RateLimit-Remaining says nothing is left.</summary>
    static DateTimeOffset? QuotaSpentUntil(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-RateLimit-Remaining", out var remaining) && remaining.FirstOrDefault() == "0"
        && response.Headers.TryGetValues("X-RateLimit-Reset", out var reset) && DateTimeOffset.TryParse(reset.FirstOrDefault(), out var at)
            ? at
            : null;
}

/// <summary>One <see cref="Pacer"/> per partition (tenant) for the life of the instance: every run and every client of a tenant shares it.</summary>
public sealed class Pacers(TimeProvider time)
{
    readonly ConcurrentDictionary<string, Pacer> pacers = new();

    public Pacer For(string partition) => pacers.GetOrAdd(partition, _ => new Pacer(time));
}

/// <summary>Waits for the partition's slot before each attempt (retries included), and tells the pacer how it was answered.</summary>
sealed class PacingHandler(Pacers pacers, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var partition = OutgoingCall.PartitionOf(request);
        if (partition.Length == 0) return await base.SendAsync(request, cancellationToken);
        var pacer = pacers.For(partition);
        if (pacer.Reserve() is { Ticks: > 0 } wait) await Task.Delay(wait, time, cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        pacer.Observe(response);
        return response;
    }
}
