using System.Collections.Concurrent;

namespace Connector.Sandbox.Privacy;

/// <summary>
/// What Atlassian knows of accounts for the personal data reporting API: which are closed and when a profile last
/// changed. Atlassian's own test ids behave as its guide says (one active, one closed); tests close or update others.
/// </summary>
public sealed class AccountPrivacy
{
    public const string ActiveTestAccount = "5be24ad8b1653240376955d2";
    public const string ClosedTestAccount = "5be24ba3f91c106033269289";

    readonly ConcurrentDictionary<string, bool> closed = new() { [ClosedTestAccount] = true };
    readonly ConcurrentDictionary<string, DateTimeOffset> profileChanged = new();

    /// <summary>Every report received, in order: for which site, how (connect: its JWT on the site; forge: the gateway root), which accounts.</summary>
    public ConcurrentQueue<AccountReport> Reports { get; } = new();

    public void Close(string accountId) => closed[accountId] = true;

    public void ProfileChanged(string accountId, DateTimeOffset at) => profileChanged[accountId] = at;

    /// <summary>"closed", "updated" (changed after the app last stored it), or null: nothing to do.</summary>
    public string? StatusOf(string accountId, DateTimeOffset storedAt) =>
        closed.ContainsKey(accountId) ? "closed"
        : profileChanged.TryGetValue(accountId, out var changed) && changed > storedAt ? "updated"
        : null;
}

public sealed record AccountReport(string Site, string Via, IReadOnlyList<string> AccountIds);
