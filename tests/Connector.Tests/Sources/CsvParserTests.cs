using System.Text;
using Connector.Web.Sources.Csv;

namespace Connector.Tests.Sources;

public sealed class CsvParserTests
{
    [Fact]
    public async Task Quoted_fields_keep_delimiters_doubled_quotes_and_line_breaks_and_rows_know_their_first_line()
    {
        var rows = await ParseAsync("name;note;email\r\n\"Smith; Ann\";\"said \"\"hi\"\"\nthen left\";ann@x.example\r\nBob;;bob@x.example\r\n", ';');

        Assert.Equal(3, rows.Count);
        Assert.Equal(["Smith; Ann", "said \"hi\"\nthen left", "ann@x.example"], rows[1].Fields);
        Assert.Equal(2, rows[1].Line);
        Assert.Equal(["Bob", "", "bob@x.example"], rows[2].Fields);
        Assert.Equal(4, rows[2].Line);
    }

    [Fact]
    public async Task A_quoted_last_field_before_CRLF_does_not_keep_the_carriage_return()
    {
        var rows = await ParseAsync("a,b\r\n\"x\",\"y\"\r\n", ',');
        Assert.Equal(["x", "y"], rows[1].Fields);
    }

    [Fact]
    public async Task Blank_lines_are_skipped_and_a_missing_final_newline_still_yields_the_last_row()
    {
        var rows = await ParseAsync("a,b\n\n1,2\n\n3,4", ',');
        Assert.Equal([["a", "b"], ["1", "2"], ["3", "4"]], rows.Select(r => r.Fields));
        Assert.Equal(5, rows[2].Line);
    }

    [Fact]
    public async Task An_unclosed_quote_is_reported_with_its_line_not_swallowed()
    {
        var rows = await ParseAsync("a,b\n1,2\n\"never closed,3\n4,5\n", ',');
        var problem = rows.Last();
        Assert.Equal(3, problem.Line);
        Assert.Contains("never closed", problem.Problem);
    }

    [Theory]
    [InlineData("name,email,phone", ',')]
    [InlineData("name;email;phone", ';')]
    [InlineData("name\temail\tphone", '\t')]
    [InlineData("\"a;b\",email,phone", ',')]
    [InlineData("name|email", '|')]
    public void The_delimiter_is_the_one_that_splits_the_header_most(string header, char expected) =>
        Assert.Equal(expected, CsvParser.DetectDelimiter(header));

    [Fact]
    public void Encoding_is_read_from_the_BOM_or_guessed_between_UTF8_and_Windows_1252()
    {
        Assert.Equal(Encoding.UTF8.WebName, CsvParser.DetectEncoding([0xEF, 0xBB, 0xBF, (byte)'a']).WebName);
        Assert.Equal(Encoding.Unicode.WebName, CsvParser.DetectEncoding([0xFF, 0xFE, (byte)'a', 0]).WebName);
        Assert.Equal(Encoding.UTF8.WebName, CsvParser.DetectEncoding(Encoding.UTF8.GetBytes("Zoë Müller")).WebName);
        Assert.Equal("windows-1252", CsvParser.DetectEncoding([(byte)'Z', (byte)'o', 0xEB, (byte)' ', (byte)'M', 0xFC]).WebName);
        // A UTF-8 character cut in half at the end of the sample is still UTF-8.
        var cut = Encoding.UTF8.GetBytes("Müller")[..2];
        Assert.Equal(Encoding.UTF8.WebName, CsvParser.DetectEncoding(cut).WebName);
    }

    static async Task<List<CsvRow>> ParseAsync(string text, char delimiter)
    {
        var rows = new List<CsvRow>();
        await foreach (var row in CsvParser.ReadAsync(new StringReader(text), delimiter)) rows.Add(row);
        return rows;
    }
}
