namespace Connector.Web.Platform.Text;

/// <summary>One cell of a CSV we hand to a spreadsheet: quoted, and never read as a formula.</summary>
public static class CsvCell
{
    // Spreadsheet formula injection: a cell must not start with = + - @.
    public static string Of(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && "=+-@".Contains(text[0])) text = "'" + text;
        return $"\"{text.Replace("\"", "\"\"")}\"";
    }
}
