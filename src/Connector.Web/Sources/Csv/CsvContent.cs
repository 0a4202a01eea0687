using System.Text;

namespace Connector.Web.Sources.Csv;

/// <summary>
/// What a file's first bytes say before it is parsed: whether it is text at all (an Excel workbook or a PDF
/// renamed .csv is not), and whether the delimiter an admin chose fits its header line.
/// </summary>
public static class CsvContent
{
    static readonly (byte[] Magic, string What)[] KnownBinaries =
    [
        ("PK\u0003\u0004"u8.ToArray(), "a ZIP archive, such as an Excel workbook (.xlsx)"),
        ([0xD0, 0xCF, 0x11, 0xE0], "an old Excel workbook (.xls)"),
        ("%PDF"u8.ToArray(), "a PDF document"),
        ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
        ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        ([0x1F, 0x8B], "a gzip archive"),
    ];

    /// <summary>Why the file is not text, or null when it is.</summary>
    public static string? NotText(ReadOnlySpan<byte> prefix, Encoding encoding)
    {
        foreach (var (magic, what) in KnownBinaries)
            if (prefix.StartsWith(magic)) return $"This file is not text: it looks like {what}. Save it as “CSV UTF-8” and upload that file.";
        if (encoding is UnicodeEncoding) return null; // UTF-16 has a zero byte in every ASCII character
        var control = 0;
        foreach (var b in prefix)
        {
            if (b == 0) return "This file is not text (it contains zero bytes). Save it as “CSV UTF-8” and upload that file.";
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\r' or (byte)'\n' or 0x0C)) control++;
        }
        return prefix.Length > 0 && control * 100 / prefix.Length > 1
            ? "This file is not text (it is full of control characters). Save it as “CSV UTF-8” and upload that file."
            : null;
    }

    /// <summary>
    /// A chosen delimiter that leaves the header as one column while another splits it into several is a
    /// mistake, not a one-column file: say which delimiter fits.
    /// </summary>
    public static string? DelimiterMismatch(string headerLine, char chosen)
    {
        if (Count(headerLine, chosen) > 0) return null;
        var better = CsvParser.DetectDelimiter(headerLine);
        var columns = Count(headerLine, better) + 1;
        return columns > 1
            ? $"With {Name(chosen)} as the delimiter the header is a single column, but {Name(better)} splits it into {columns} columns. Choose {Name(better)} (or “Detect it”) and upload again."
            : null;
    }

    static int Count(string line, char delimiter)
    {
        var (count, quoted) = (0, false);
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == delimiter && !quoted) count++;
        }
        return count;
    }

    public static string Name(char delimiter) => delimiter switch
    {
        '\t' => "tab",
        ',' => "comma (,)",
        ';' => "semicolon (;)",
        '|' => "pipe (|)",
        var other => $"“{other}”",
    };
}
