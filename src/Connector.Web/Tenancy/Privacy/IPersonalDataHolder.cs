namespace Connector.Web.Tenancy.Privacy;

/// <summary>
/// A feature that stores Atlassian account ids (and what goes with them: display names) for the current tenant.
/// The personal data report asks every holder what it holds and tells each what Atlassian answered.
/// </summary>
public interface IPersonalDataHolder
{
    /// <summary>The accounts held, each with when its data was last stored (Atlassian's "updatedAt").</summary>
    Task<IReadOnlyList<HeldAccount>> HeldAsync(CancellationToken cancellationToken);

    /// <summary>The account was closed: nothing that identifies it may remain.</summary>
    Task EraseAsync(string accountId, CancellationToken cancellationToken);

    /// <summary>The account's profile changed: copies of it (a display name) are to be read again.</summary>
    Task RefreshAsync(string accountId, CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed record HeldAccount(string AccountId, DateTimeOffset UpdatedAt);
