namespace Connector.Web.Platform.Http;

/// <summary>A path of ours that a host (Jira's URL, the Forge shell's history) hands back to open: followed only when it stays here.</summary>
public static class LocalPath
{
    /// <summary>One leading slash, no scheme, no backslash (browsers read "/\host" as another site), no token.</summary>
    public static bool IsSafe(string? path) =>
        path is { Length: > 0 } && path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal) && !path.Contains('\\')
        && !path.Contains("jwt=", StringComparison.Ordinal) && !path.Contains("://", StringComparison.Ordinal);
}
