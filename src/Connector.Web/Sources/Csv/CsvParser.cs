using System.Text;

namespace Connector.Web.Sources.Csv;

/// <summary>One row of a CSV file: the line it starts on, and its fields (or why it could not be read).</summary>
public sealed record CsvRow(int Line, IReadOnlyList<string> Fields, string? Problem = null);

/// <summary>
/// Reads CSV (RFC 4180 and what spreadsheets actually write) as a stream of rows: quoted fields with
/// delimiters, doubled quotes and line breaks inside, CRLF or LF endings. Never holds more than one row.
/// </summary>
public static class CsvParser
{
    public static readonly char[] CandidateDelimiters = [',', ';', '\t', '|'];

    // Windows-1252 and friends live in the code-pages provider, which .NET does not register by default.
    static CsvParser() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding EncodingNamed(string? webName) => Encoding.GetEncoding(webName ?? "utf-8");

    public static async IAsyncEnumerable<CsvRow> ReadAsync(TextReader reader, char delimiter)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var rowStart = 1;
        var inQuotes = false;
        var fieldWasQuoted = false;
        var buffer = new char[16 * 1024];
        var pendingQuote = false; // saw a quote inside a quoted field; the next char decides
        var sawAnything = false;
        int read;

        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                sawAnything = true;
                if (pendingQuote)
                {
                    pendingQuote = false;
                    if (c == '"') { field.Append('"'); continue; }
                    inQuotes = false; // that quote closed the field; fall through to handle c
                }
                if (inQuotes)
                {
                    if (c == '"') pendingQuote = true;
                    else
                    {
                        if (c == '\n') line++;
                        field.Append(c);
                    }
                    continue;
                }
                if (c == '"' && field.Length == 0 && !fieldWasQuoted)
                {
                    inQuotes = true;
                    fieldWasQuoted = true;
                }
                else if (c == '\r')
                {
                    // Line endings are CRLF or LF; a carriage return outside quotes is never data.
                }
                else if (c == delimiter)
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldWasQuoted = false;
                }
                else if (c == '\n')
                {
                    fields.Add(field.ToString());
                    if (!(fields.Count == 1 && fields[0].Length == 0)) yield return new CsvRow(rowStart, fields.ToArray());
                    fields.Clear();
                    field.Clear();
                    fieldWasQuoted = false;
                    line++;
                    rowStart = line;
                }
                else field.Append(c); // includes text after a closing quote ("ab"c), kept rather than lost

            }
        }

        if (pendingQuote) inQuotes = false;
        if (inQuotes)
        {
            yield return new CsvRow(rowStart, [], $"A quoted value that starts on line {rowStart} is never closed.");
            yield break;
        }
        if (!sawAnything) yield break;
        if (field.Length > 0 || fields.Count > 0 || fieldWasQuoted)
        {
            fields.Add(field.ToString());
            if (!(fields.Count == 1 && fields[0].Length == 0)) yield return new CsvRow(rowStart, fields.ToArray());
        }
    }

    /// <summary>The delimiter that splits the header line into the most fields (outside quotes).</summary>
    public static char DetectDelimiter(string headerLine)
    {
        var best = ',';
        var bestCount = 0;
        foreach (var candidate in CandidateDelimiters)
        {
            var count = 0;
            var quoted = false;
            foreach (var c in headerLine)
            {
                if (c == '"') quoted = !quoted;
                else if (c == candidate && !quoted) count++;
            }
            if (count > bestCount) (best, bestCount) = (candidate, count);
        }
        return best;
    }

    /// <summary>UTF-8 (with or without BOM) or UTF-16 by BOM; otherwise Windows-1252, which is what Excel writes.</summary>
    public static Encoding DetectEncoding(ReadOnlySpan<byte> prefix)
    {
        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return new UTF8Encoding(true);
        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return Encoding.Unicode;
        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return Encoding.BigEndianUnicode;
        // A multi-byte character may be cut at the end of the prefix; ignore up to three trailing bytes.
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        for (var cut = 0; cut <= Math.Min(3, prefix.Length); cut++)
        {
            try
            {
                strict.GetCharCount(prefix[..^cut]);
                return new UTF8Encoding(false);
            }
            catch (DecoderFallbackException)
            {
            }
        }
        return Encoding.GetEncoding(1252);
    }
}
