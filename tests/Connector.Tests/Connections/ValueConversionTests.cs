using Connector.Web.Connections;
using Connector.Web.Csm;

namespace Connector.Tests.Connections;

public sealed class ValueConversionTests
{
    static readonly string[] Tiers = ["Gold", "Silver", "Bronze"];

    [Theory]
    [InlineData(CsmFieldType.TEXT, "  Ada  ", "Ada")]
    [InlineData(CsmFieldType.EMAIL, "ada@example.com", "ada@example.com")]
    [InlineData(CsmFieldType.URL, "example.com/about", "https://example.com/about")]
    [InlineData(CsmFieldType.URL, "http://example.com/", "http://example.com")]
    [InlineData(CsmFieldType.DATE, "2026-01-31", "2026-01-31")]
    [InlineData(CsmFieldType.DATE, "31.01.2026", "2026-01-31")]
    [InlineData(CsmFieldType.DATE, "2026-01-31T23:30:00Z", "2026-01-31")]
    [InlineData(CsmFieldType.NUMBER, "-12.50", "-12.50")]
    [InlineData(CsmFieldType.BOOLEAN, "Yes", "true")]
    [InlineData(CsmFieldType.BOOLEAN, "0", "false")]
    [InlineData(CsmFieldType.PHONE, "+49 (30) 123-456", "+49 (30) 123-456")]
    [InlineData(CsmFieldType.SELECT, "gold", "Gold")]
    public void Values_are_converted_to_what_CSM_accepts(CsmFieldType type, string raw, string expected)
    {
        var converted = ValueConversion.Convert(raw, type, Tiers);
        Assert.Null(converted.Problem);
        Assert.Equal([expected], converted.Values);
    }

    [Theory]
    [InlineData(CsmFieldType.EMAIL, "ada at example", "is not an email address")]
    [InlineData(CsmFieldType.URL, "not a url", "is not a web address")]
    [InlineData(CsmFieldType.DATE, "01/02/2026", "is not a date")]
    [InlineData(CsmFieldType.DATE, "2026-02-30", "is not a date")]
    [InlineData(CsmFieldType.NUMBER, "1,234.5", "is not a number")]
    [InlineData(CsmFieldType.BOOLEAN, "maybe", "is not yes/no")]
    [InlineData(CsmFieldType.PHONE, "call me", "is not a phone number")]
    [InlineData(CsmFieldType.SELECT, "Platinum", "is not one of the options (Gold, Silver, Bronze)")]
    [InlineData(CsmFieldType.MULTISELECT, "Gold; Platinum", "has \"Platinum\", which is not one of the options")]
    public void Values_that_cannot_be_converted_are_a_record_problem_not_a_crash(CsmFieldType type, string raw, string problem)
    {
        var converted = ValueConversion.Convert(raw, type, Tiers);
        Assert.Null(converted.Values);
        Assert.Contains(problem, converted.Problem);
    }

    [Fact]
    public void Multiselect_splits_on_commas_and_semicolons_and_drops_repeats()
    {
        Assert.Equal(["Gold", "Silver"], ValueConversion.Convert("gold, Silver; GOLD", CsmFieldType.MULTISELECT, Tiers).Values);
    }

    [Fact]
    public void An_empty_value_sets_nothing_and_is_no_problem()
    {
        var converted = ValueConversion.Convert("   ", CsmFieldType.DATE);
        Assert.Null(converted.Values);
        Assert.Null(converted.Problem);
    }

    [Fact]
    public void Text_longer_than_a_field_holds_is_refused()
    {
        Assert.Contains("255 characters", ValueConversion.Convert(new string('x', 256), CsmFieldType.TEXT).Problem);
    }
}
