namespace Connector.Sandbox.Data;

/// <summary>
/// When each generated person last changed, for sources that read changes by a modification time (Salesforce's
/// SystemModstamp). A data set replacing another of the same seed changes the people its revision renames and those it
/// adds, at the moment it is set; any other data set is another directory, last modified long ago.
/// </summary>
public sealed class PeopleChanges
{
    public static readonly DateTimeOffset LongAgo = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    readonly List<(DateTimeOffset At, DataSet Before, DataSet After)> changes = [];

    public void Record(DataSet before, DataSet after, DateTimeOffset at)
    {
        lock (changes)
        {
            if (before.Seed != after.Seed || before.Companies != after.Companies || before.ChangeEvery != after.ChangeEvery) changes.Clear();
            else changes.Add((at, before, after));
        }
    }

    public DateTimeOffset ModifiedAt(int index)
    {
        lock (changes)
        {
            for (var i = changes.Count - 1; i >= 0; i--)
            {
                var (at, before, after) = changes[i];
                var renamed = before.Revision != after.Revision && index % after.ChangeEvery == 0;
                var added = index >= before.Users && index < after.Users;
                if (renamed || added) return at;
            }
            return LongAgo;
        }
    }
}
