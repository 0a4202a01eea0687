namespace Connector.Web.Sources;

/// <summary>
/// What every kind of source can do: check its credentials (and say what is wrong in an admin's
/// words), name the fields it offers, and stream its records page by page from a resumable cursor.
/// </summary>
public interface ISourceAdapter
{
    SourceType Type { get; }

    Task<SourceCheck> CheckAsync(SourceAccess access, CancellationToken cancellationToken);

    IReadOnlyList<SourceField> Fields(SourceSettings settings);

    /// <summary>
    /// Streams the records from <paramref name="cursor"/> (null: the start) page by page; each page's
    /// <see cref="SourcePage.NextCursor"/> resumes right after it (null after the last page).
    /// </summary>
    IAsyncEnumerable<SourcePage> ReadAsync(SourceAccess access, string? cursor, int pageSize, CancellationToken cancellationToken);
}

/// <summary>
/// A source that can also be asked for only what changed since an earlier read. Its reads (whole or changes only)
/// end with a <see cref="SourcePage.ChangeToken"/>: where the next read of only what changed starts. What a source
/// deleted is not reported as a change: the connection's periodic full read finds it.
/// </summary>
public interface ISourceChangeReader
{
    /// <summary>Whether a source with these settings can read changes (an Entra ID group, for example, cannot).</summary>
    bool ReadsChanges(SourceSettings settings);

    /// <summary>Streams what changed since <paramref name="changeToken"/>, from <paramref name="cursor"/> (null: the start).</summary>
    IAsyncEnumerable<SourcePage> ReadChangesAsync(SourceAccess access, string changeToken, string? cursor, int pageSize, CancellationToken cancellationToken);
}

/// <summary>A source's settings with its secret in plain text, for the duration of one call only.</summary>
public sealed record SourceAccess(SourceSettings Settings, string? Secret)
{
    public override string ToString() => "SourceAccess { (secret not shown) }";
}

/// <summary>The outcome of a check. Settings carries what the check learned (an organization's id and name, CSV headers).</summary>
public sealed record SourceCheck(SourceStatus Status, string? Reason, SourceSettings? LearnedSettings = null)
{
    public static SourceCheck Connected(string? note = null, SourceSettings? learned = null) => new(SourceStatus.Connected, note, learned);
    public static SourceCheck Failed(string reason) => new(SourceStatus.Error, reason);
}

public sealed record SourceField(string Key, string Label, string Example);

public sealed record SourceRecord(string SourceId, IReadOnlyDictionary<string, string?> Values);

/// <summary>A record the source could not read, with where it was (for example a CSV line).</summary>
public sealed record SourceRecordProblem(string Where, string Problem);

/// <param name="ChangeToken">On the last page of a source that reads changes: where a later read of only what changed starts.</param>
public sealed record SourcePage(IReadOnlyList<SourceRecord> Records, IReadOnlyList<SourceRecordProblem> Problems, string? NextCursor,
    string? ChangeToken = null);

/// <summary>Finds the adapter of a source type.</summary>
public sealed class SourceAdapters(IEnumerable<ISourceAdapter> adapters)
{
    readonly Dictionary<SourceType, ISourceAdapter> byType = adapters.ToDictionary(a => a.Type);

    public ISourceAdapter For(SourceType type) => byType[type];
}
