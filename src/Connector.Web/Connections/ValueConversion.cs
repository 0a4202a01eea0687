using System.Globalization;
using System.Text.RegularExpressions;
using Connector.Web.Csm;

namespace Connector.Web.Connections;

/// <summary>
/// Turns a source value into what CSM accepts for a field type. A value that cannot be converted is
/// a problem of that record (reported, skipped), never a crash of the import.
/// </summary>
public static partial class ValueConversion
{
    public sealed record Converted(IReadOnlyList<string>? Values, string? Problem)
    {
        public static Converted Empty { get; } = new(null, null);
    }

    static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.fffZ", "dd.MM.yyyy", "yyyy/MM/dd"];

    public static Converted Convert(string? raw, CsmFieldType type, IReadOnlyList<string>? options = null)
    {
        var value = raw?.Trim();
        if (string.IsNullOrEmpty(value)) return Converted.Empty;
        return type switch
        {
            CsmFieldType.TEXT => value.Length <= 255 ? One(value) : Fail("is longer than the 255 characters a text field holds"),
            CsmFieldType.EMAIL => EmailShape().IsMatch(value) ? One(value) : Fail("is not an email address"),
            CsmFieldType.URL => Url(value),
            CsmFieldType.DATE => DateTime.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
                ? One(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                : Fail("is not a date (use 2026-01-31 or 31.01.2026)"),
            CsmFieldType.NUMBER => decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                ? One(number.ToString(CultureInfo.InvariantCulture))
                : Fail("is not a number (use a dot for decimals, no thousands separators)"),
            CsmFieldType.BOOLEAN => value.ToLowerInvariant() switch
            {
                "true" or "yes" or "y" or "1" => One("true"),
                "false" or "no" or "n" or "0" => One("false"),
                _ => Fail("is not yes/no or true/false"),
            },
            CsmFieldType.PHONE => PhoneShape().IsMatch(value) ? One(value) : Fail("is not a phone number"),
            CsmFieldType.SELECT => Option(value, options) is { } option ? One(option) : Fail($"is not one of the options ({string.Join(", ", options ?? [])})"),
            CsmFieldType.MULTISELECT => MultiSelect(value, options),
            _ => Fail("has an unknown type"),
        };
    }

    static Converted Url(string value)
    {
        var candidate = value.Contains("://") ? value : "https://" + value;
        return Uri.TryCreate(candidate, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Contains('.')
            ? One(uri.ToString().TrimEnd('/'))
            : Fail("is not a web address");
    }

    static Converted MultiSelect(string value, IReadOnlyList<string>? options)
    {
        var chosen = new List<string>();
        foreach (var part in value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Option(part, options) is not { } option) return Fail($"has \"{part}\", which is not one of the options ({string.Join(", ", options ?? [])})");
            if (!chosen.Contains(option)) chosen.Add(option);
        }
        return chosen.Count == 0 ? Converted.Empty : new Converted(chosen, null);
    }

    static string? Option(string value, IReadOnlyList<string>? options) =>
        options?.FirstOrDefault(o => string.Equals(o, value, StringComparison.OrdinalIgnoreCase));

    static Converted One(string value) => new([value], null);

    static Converted Fail(string problem) => new(null, problem);

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();

    [GeneratedRegex(@"^\+?[0-9 ()./-]{3,30}$")]
    private static partial Regex PhoneShape();
}
