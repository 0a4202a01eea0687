namespace Connector.Web.Platform.Database;

/// <summary>What an admin types into a search box, as a LIKE/ILIKE pattern that finds it anywhere, taken literally.</summary>
public static class LikePattern
{
    /// <summary>The escape character of the pattern (PostgreSQL's default, said explicitly where it is used).</summary>
    public const string Escape = "\\";

    public static string Containing(string text) => "%" + text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
}
