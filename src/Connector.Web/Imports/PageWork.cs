using System.Collections.Concurrent;

namespace Connector.Web.Imports;

/// <summary>A page's counters, or a run's (pages add up).</summary>
public sealed record PageTally(int Read, int Created, int Updated, int Unchanged, int Skipped, int Failed)
{
    public static PageTally Zero { get; } = new(0, 0, 0, 0, 0, 0);

    public static PageTally operator +(PageTally a, PageTally b) =>
        new(a.Read + b.Read, a.Created + b.Created, a.Updated + b.Updated, a.Unchanged + b.Unchanged, a.Skipped + b.Skipped, a.Failed + b.Failed);

    public string Describe() =>
        $"{Created:N0} created, {Updated:N0} updated, {Unchanged:N0} unchanged, {Skipped:N0} skipped, {Failed:N0} failed.";
}

/// <summary>
/// What one page did, gathered from parallel writers: the records it wrote, the log entries it made and
/// its counters. A Test run logs every record's outcome; a full run only problems, or 100,000 records
/// would write 100,000 lines.
/// </summary>
public sealed class PageWork(bool logEveryRecord, bool recordUnchanged)
{
    readonly ConcurrentQueue<RecordWrite> writes = new();
    readonly ConcurrentQueue<RunEvent> events = new();
    int created, updated, unchanged, skipped, failed, unreadable;

    public IEnumerable<RecordWrite> Writes => writes;
    public IEnumerable<RunEvent> Events => events;

    // shownAs: how the log names the record when its identity key is ours, not the admin's (an organization's "name:acme").
    public void Created(RecordWrite write, string? shownAs = null)
    {
        Interlocked.Increment(ref created);
        Done(write, EventKind.RecordCreated, "created", shownAs);
    }

    public void Updated(RecordWrite write, string? shownAs = null)
    {
        Interlocked.Increment(ref updated);
        Done(write, EventKind.RecordUpdated, "updated", shownAs);
    }

    /// <summary>Nothing to write. The row is touched only when a deactivation policy needs to know the record is still there.</summary>
    public void Unchanged(RecordWrite write, string? shownAs = null)
    {
        Interlocked.Increment(ref unchanged);
        if (recordUnchanged || logEveryRecord) Done(write, EventKind.RecordUnchanged, "unchanged", shownAs);
    }

    /// <summary>Written as part of another record (an organization of a customer import): no counter of its own.</summary>
    public void Touched(RecordWrite write) => writes.Enqueue(write);

    void Done(RecordWrite write, EventKind kind, string outcome, string? shownAs)
    {
        writes.Enqueue(write);
        if (logEveryRecord) events.Enqueue(new RunEvent(EventLevel.Info, kind, shownAs ?? write.IdentityKey, $"{char.ToUpperInvariant(outcome[0])}{outcome[1..]}."));
    }

    public void Skip(string recordKey, string why)
    {
        Interlocked.Increment(ref skipped);
        events.Enqueue(new RunEvent(EventLevel.Warning, EventKind.RecordSkipped, recordKey, Sentence(why)));
    }

    /// <summary>A row the source itself could not read (a broken CSV line): it counts as read and skipped.</summary>
    public void SkipUnreadable(string where, string why)
    {
        Interlocked.Increment(ref unreadable);
        Skip(where, why);
    }

    public void Fail(string recordKey, string why, RecordWrite? partial = null)
    {
        Interlocked.Increment(ref failed);
        if (partial is not null) writes.Enqueue(partial);
        events.Enqueue(new RunEvent(EventLevel.Error, EventKind.RecordFailed, recordKey, Sentence(why)));
    }

    /// <summary>Reasons are assembled from parts ("has no email address"); the log shows them as sentences.</summary>
    static string Sentence(string why)
    {
        var text = why.Trim();
        return text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
    }

    public void Note(EventLevel level, EventKind kind, string? recordKey, string message) => events.Enqueue(new RunEvent(level, kind, recordKey, message));

    /// <param name="records">Records the source delivered on this page (unreadable rows are added to them).</param>
    public PageTally Tally(int records) => new(records + unreadable, created, updated, unchanged, skipped, failed);
}
