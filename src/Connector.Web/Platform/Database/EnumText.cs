using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Connector.Web.Platform.Database;

/// <summary>Stores enums as readable snake_case text ("customers_and_organizations"), not as numbers that shift when members are added.</summary>
public static class EnumText
{
    public static ValueConverter<T, string> Converter<T>() where T : struct, Enum =>
        new(value => ConnectorDb.SnakeCase(value.ToString()), text => Enum.Parse<T>(text.Replace("_", ""), true));
}
