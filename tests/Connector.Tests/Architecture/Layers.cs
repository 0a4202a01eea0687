using System.Text.RegularExpressions;

namespace Connector.Tests.Architecture;

/// <summary>
/// The one-way house, bottom to top. A folder may use folders below it; folders on one level do not know
/// each other. README's Architecture section draws the same order.
/// </summary>
static partial class Layers
{
    public static readonly string[][] BottomUp =
    [
        ["Platform"],
        ["Tenancy"],
        ["Connect", "Forge"],
        ["Sources", "Csm"],
        ["Connections"],
        ["Imports"],
        ["Notifications", "Schedules"],
        ["Pages"],
    ];

    public static IEnumerable<string> All => BottomUp.SelectMany(level => level);

    public static int LevelOf(string folder) => Array.FindIndex(BottomUp, level => level.Contains(folder));

    /// <summary>The folders a folder must not use: every one above it, and its neighbours on its own level.</summary>
    public static IEnumerable<string> ForbiddenFor(string folder) =>
        All.Where(other => other != folder && LevelOf(other) >= LevelOf(folder));

    /// <summary>Every folder a source file names: its using directives and any fully qualified Connector.Web.X reference.</summary>
    public static IEnumerable<string> FoldersNamedIn(string source) =>
        FolderReference().Matches(source).Select(m => m.Groups["folder"].Value).Where(f => LevelOf(f) >= 0).Distinct();

    [GeneratedRegex(@"\bConnector\.Web\.(?<folder>[A-Z][A-Za-z]+)\b")]
    private static partial Regex FolderReference();
}
