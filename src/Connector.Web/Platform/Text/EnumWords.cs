using System.Text.RegularExpressions;

namespace Connector.Web.Platform.Text;

/// <summary>An enum member as words for a record people read (the audit trail): CustomersAndOrganizations → "Customers and organizations".</summary>
public static partial class EnumWords
{
    public static string Of<T>(T value) where T : struct, Enum
    {
        var words = WordStart().Replace(value.ToString(), " $1").ToLowerInvariant();
        return char.ToUpperInvariant(words[0]) + words[1..];
    }

    [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
    private static partial Regex WordStart();
}
