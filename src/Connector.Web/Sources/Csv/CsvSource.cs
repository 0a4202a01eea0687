using System.Runtime.CompilerServices;
using System.Text;

namespace Connector.Web.Sources.Csv;

/// <summary>
/// An uploaded CSV file. The check reads it once, start to end, to learn its header, delimiter and
/// encoding and to count the rows that cannot be read; imports then stream it row by row.
/// </summary>
public sealed class CsvSource(SourceFileStore files) : ISourceAdapter
{
    const int MaxProblemsInNote = 3;

    public SourceType Type => SourceType.Csv;

    public async Task<SourceCheck> CheckAsync(SourceAccess access, CancellationToken cancellationToken)
    {
        if (access.Settings.FileId is not { } fileId) return SourceCheck.Failed("Choose a CSV file to upload.");
        var (encoding, delimiter) = await DetectAsync(fileId, access.Settings, cancellationToken);
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
            if (problems.Count < MaxProblemsInNote) problems.Add(problem);
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

    async IAsyncEnumerable<CsvRow> Rows(Guid fileId, Encoding encoding, char delimiter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = files.OpenRead(fileId);
        using var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true);
        await foreach (var row in CsvParser.ReadAsync(reader, delimiter).WithCancellation(cancellationToken)) yield return row;
    }

    /// <summary>Encoding from the first bytes, delimiter from the first line, unless the admin chose one.</summary>
    async Task<(Encoding? Encoding, char Delimiter)> DetectAsync(Guid fileId, SourceSettings settings, CancellationToken cancellationToken)
    {
        var prefix = new byte[64 * 1024];
        int length;
        await using (var stream = files.OpenRead(fileId))
            length = await stream.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, cancellationToken);
        if (length == 0) return (null, ',');
        var encoding = CsvParser.DetectEncoding(prefix.AsSpan(0, length));
        if (settings.Delimiter is [var chosen]) return (encoding, chosen);
        var text = encoding.GetString(prefix, 0, length).TrimStart('\uFEFF');
        var firstLine = text.Split('\n')[0];
        return (encoding, CsvParser.DetectDelimiter(firstLine));
    }

    static string? HeaderProblem(IReadOnlyList<string> headers)
    {
        if (headers.Any(string.IsNullOrWhiteSpace)) return "The header row has an empty column name. Name every column.";
        var duplicate = headers.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? null : $"The header row names \"{duplicate.Key}\" more than once. Give every column its own name.";
    }

    static string? RowProblem(CsvRow row, int columns) =>
        row.Problem is not null ? $"line {row.Line}: {row.Problem}"
        : row.Fields.Count != columns ? $"line {row.Line} has {row.Fields.Count} values where the header has {columns}"
        : null;
}
