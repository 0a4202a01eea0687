using System.Runtime.CompilerServices;
using System.Text;

namespace Connector.Web.Sources.Csv;

/// <summary>
/// An uploaded CSV file. The check reads it once, start to end, to learn its header, delimiter and
/// encoding and to count the rows that cannot be read; imports then stream it row by row.
/// </summary>
public sealed record CsvLineProblem(long Line, string Problem);

/// <summary>The columns an upload was read with, its first rows, and its first unreadable lines (of how many).</summary>
public sealed record CsvPreview(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<CsvLineProblem> Problems, int ProblemCount);

public sealed class CsvSource(SourceFileStore files) : ISourceAdapter
{
    const int MaxProblemsInNote = 3;

    public SourceType Type => SourceType.Csv;

    public async Task<SourceCheck> CheckAsync(SourceAccess access, CancellationToken cancellationToken)
    {
        if (access.Settings.FileId is not { } fileId) return SourceCheck.Failed("Choose a CSV file to upload.");
        var (encoding, delimiter, refusal) = await DetectAsync(fileId, access.Settings, cancellationToken);
        if (refusal is not null) return SourceCheck.Failed(refusal);
        if (encoding is null) return SourceCheck.Failed("The file is empty.");

        IReadOnlyList<string>? headers = null;
        int rows = 0, badRows = 0;
        var problems = new List<string>();
        await foreach (var row in Rows(fileId, encoding, delimiter, cancellationToken))
        {
            if (headers is null)
            {
                if (row.Problem is not null) return SourceCheck.Failed($"The header row cannot be read: {row.Problem}");
                headers = row.Fields.Select(h => h.Trim()).ToList();
                if (HeaderProblem(headers) is { } headerProblem) return SourceCheck.Failed(headerProblem);
                continue;
            }
            rows++;
            if (RowProblem(row, headers.Count) is not { } problem) continue;
            badRows++;
            if (problems.Count < MaxProblemsInNote) problems.Add($"line {row.Line}: {problem}");
        }
        if (headers is null) return SourceCheck.Failed("The file is empty.");
        if (rows == 0) return SourceCheck.Failed("The file has a header row but no data rows.");

        var note = new StringBuilder($"{rows:N0} rows");
        if (badRows > 0) note.Append($"; {badRows:N0} cannot be read and will be skipped ({string.Join("; ", problems)})");
        if (!headers.Any(h => h.Contains("mail", StringComparison.OrdinalIgnoreCase)))
            note.Append(". There is no email column, so this file can feed organizations but not customers");
        note.Append('.');
        return SourceCheck.Connected(note.ToString(), access.Settings with
        {
            Headers = headers, RowCount = rows, BadRowCount = badRows, Delimiter = delimiter.ToString(), Encoding = encoding.WebName,
        });
    }

    public IReadOnlyList<SourceField> Fields(SourceSettings settings) =>
        settings.Headers.Select(h => new SourceField(h, h, "")).ToList();

    public async IAsyncEnumerable<SourcePage> ReadAsync(SourceAccess access, string? cursor, int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = access.Settings;
        var encoding = CsvParser.EncodingNamed(settings.Encoding);
        var delimiter = settings.Delimiter is [var d] ? d : ',';
        var skip = long.TryParse(cursor, out var consumed) ? consumed : 0;
        var position = 0L;
        var records = new List<SourceRecord>(pageSize);
        var problems = new List<SourceRecordProblem>();
        IReadOnlyList<string>? headers = null;

        await foreach (var row in Rows(settings.FileId!.Value, encoding, delimiter, cancellationToken))
        {
            if (headers is null)
            {
                headers = row.Fields.Select(h => h.Trim()).ToList();
                continue;
            }
            if (position++ < skip) continue;
            if (RowProblem(row, headers.Count) is { } problem) problems.Add(new SourceRecordProblem($"line {row.Line}", problem));
            else records.Add(new SourceRecord($"line-{row.Line}", headers.Zip(row.Fields).ToDictionary(p => p.First, p => (string?)p.Second.Trim())));

            if (records.Count + problems.Count == pageSize)
            {
                yield return new SourcePage(records, problems, position.ToString());
                records = new List<SourceRecord>(pageSize);
                problems = [];
            }
        }
        if (records.Count + problems.Count > 0) yield return new SourcePage(records, problems, null);
    }

    /// <summary>What was understood of the file: its columns, its first rows, and its first unreadable lines.</summary>
    public async Task<CsvPreview> PreviewAsync(SourceSettings settings, int firstRows, int firstProblems, CancellationToken cancellationToken)
    {
        var rows = new List<IReadOnlyList<string>>();
        var problems = new List<CsvLineProblem>();
        await foreach (var (row, problem) in DataRowsAsync(settings, cancellationToken))
        {
            if (problem is not null) { if (problems.Count < firstProblems) problems.Add(problem); }
            else if (rows.Count < firstRows) rows.Add(row.Fields);
            if (rows.Count == firstRows && problems.Count == firstProblems) break;
        }
        return new CsvPreview(settings.Headers, rows, problems, settings.BadRowCount ?? problems.Count);
    }

    /// <summary>Every line that cannot be read, in file order (the downloadable report).</summary>
    public async IAsyncEnumerable<CsvLineProblem> ProblemsAsync(SourceSettings settings, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (_, problem) in DataRowsAsync(settings, cancellationToken))
            if (problem is not null) yield return problem;
    }

    async IAsyncEnumerable<(CsvRow Row, CsvLineProblem? Problem)> DataRowsAsync(SourceSettings settings, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (settings.FileId is not { } fileId) yield break;
        var delimiter = settings.Delimiter is [var d] ? d : ',';
        var first = true;
        await foreach (var row in Rows(fileId, CsvParser.EncodingNamed(settings.Encoding), delimiter, cancellationToken))
        {
            if (first) { first = false; continue; }
            yield return (row, RowProblem(row, settings.Headers.Count) is { } problem ? new CsvLineProblem(row.Line, problem) : null);
        }
    }

    async IAsyncEnumerable<CsvRow> Rows(Guid fileId, Encoding encoding, char delimiter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = files.OpenRead(fileId);
        using var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true);
        await foreach (var row in CsvParser.ReadAsync(reader, delimiter).WithCancellation(cancellationToken)) yield return row;
    }

    /// <summary>
    /// Encoding from the first bytes, delimiter from the first line unless the admin chose one; refused when
    /// the file is not text or the chosen delimiter does not fit its header.
    /// </summary>
    async Task<(Encoding? Encoding, char Delimiter, string? Refusal)> DetectAsync(Guid fileId, SourceSettings settings, CancellationToken cancellationToken)
    {
        var prefix = new byte[64 * 1024];
        int length;
        await using (var stream = files.OpenRead(fileId))
            length = await stream.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, cancellationToken);
        if (length == 0) return (null, ',', null);
        var encoding = CsvParser.DetectEncoding(prefix.AsSpan(0, length));
        if (CsvContent.NotText(prefix.AsSpan(0, length), encoding) is { } notText) return (encoding, ',', notText);
        var text = encoding.GetString(prefix, 0, length).TrimStart('\uFEFF');
        var firstLine = text.Split('\n')[0].TrimEnd('\r');
        if (settings.Delimiter is [var chosen]) return (encoding, chosen, CsvContent.DelimiterMismatch(firstLine, chosen));
        return (encoding, CsvParser.DetectDelimiter(firstLine), null);
    }

    static string? HeaderProblem(IReadOnlyList<string> headers)
    {
        if (headers.Any(string.IsNullOrWhiteSpace)) return "The header row has an empty column name. Name every column.";
        var duplicate = headers.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? null : $"The header row names \"{duplicate.Key}\" more than once. Give every column its own name.";
    }

    /// <summary>Why a row cannot be read, without its line number: callers say where (as a record key, a list item).</summary>
    static string? RowProblem(CsvRow row, int columns) =>
        row.Problem is not null ? row.Problem
        : row.Fields.Count != columns ? $"{row.Fields.Count} value{(row.Fields.Count == 1 ? "" : "s")} where the header has {columns}"
        : null;
}
