using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Connector.Web.Platform.Database;

/// <summary>
/// The one rule for writing an enum as text, wherever it goes (a column, a SQL parameter, a metric label):
/// readable snake_case ("customers_and_organizations"), not numbers that shift when members are added.
/// </summary>
public static class EnumText
{
    public static string Of<T>(T value) where T : struct, Enum => ConnectorDb.SnakeCase(value.ToString());

    public static T Parse<T>(string text) where T : struct, Enum => Enum.Parse<T>(text.Replace("_", ""), ignoreCase: true);

    /// <summary>For text from outside (a token claim): false instead of an exception when it names no member.</summary>
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum =>
        Enum.TryParse(text?.Replace("_", ""), ignoreCase: true, out value) && Enum.IsDefined(value);

    public static ValueConverter<T, string> Converter<T>() where T : struct, Enum => new(value => Of(value), text => Parse<T>(text));
}
