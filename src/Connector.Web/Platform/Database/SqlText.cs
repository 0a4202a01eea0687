using System.Text;

namespace Connector.Web.Platform.Database;

/// <summary>
/// One SQL statement put together from interpolated parts, each value a parameter (never text in the SQL),
/// for statements EF cannot compose itself: a shared CTE used in two statements, say.
/// </summary>
public sealed class SqlText
{
    readonly StringBuilder text = new();
    readonly List<object> arguments = [];

    public SqlText Append(FormattableString part)
    {
        var placeholders = Enumerable.Range(arguments.Count, part.ArgumentCount).Select(i => (object)$"{{{i}}}").ToArray();
        arguments.AddRange(part.GetArguments().Select(a => a ?? DBNull.Value));
        text.Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, part.Format, placeholders));
        return this;
    }

    public string Text => text.ToString();

    public object[] Arguments => [.. arguments];
}
