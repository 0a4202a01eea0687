namespace Connector.Sandbox.DataCenter;

/// <summary>
/// A Jira Data Center site's personal access tokens: one of an administrator, one of a user who may not browse users,
/// and one that expired. Its users are the site's people, all in <see cref="UsersGroup"/>.
/// </summary>
public sealed class DataCenterSite(string siteName)
{
    public const string UsersGroup = "jira-software-users";

    public string AdminToken { get; } = $"dcpat-admin-{siteName}";
    public string UserToken { get; } = $"dcpat-user-{siteName}";
    public string ExpiredToken { get; } = $"dcpat-expired-{siteName}";

    /// <summary>null: not a token of this site (or expired); else whether it may list group members.</summary>
    public bool? MayBrowseUsers(string? token) =>
        token == AdminToken ? true : token == UserToken ? false : null;
}
