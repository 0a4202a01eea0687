namespace Connector.Sandbox.Data;

/// <summary>One generated person of a site's data set.</summary>
public sealed record Person(
    int Index, string AccountId, string AccountType, string DisplayName, string? Email, bool Active,
    string Company, string Title, string Phone, string Country);

/// <summary>
/// A site's people, generated from (seed, index) on demand: the same every time, and no memory spent
/// on 100,000 of them. Every 50th account is an app account, every 20th is inactive, every 37th hides
/// its email (Atlassian's privacy controls), and bumping <see cref="Revision"/> changes the display name of
/// every <see cref="ChangeEvery"/>th person, for delta imports.
/// </summary>
public sealed record DataSet
{
    public int Users { get; init; } = 25;
    public int Companies { get; init; } = 5;
    public int Seed { get; init; } = 1;
    public int Revision { get; init; }
    public int ChangeEvery { get; init; } = 100;

    static readonly string[] FirstNames = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Tony",
        "Radia", "Niklaus", "Hedy", "Linus", "Katherine", "Dennis", "Anita", "John", "Sophie", "Guido"];
    static readonly string[] LastNames = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Hamilton",
        "Hoare", "Perlman", "Wirth", "Lamarr", "Torvalds", "Johnson", "Ritchie", "Borg", "McCarthy", "Wilson", "Rossum"];
    static readonly string[] Titles = ["Engineer", "Manager", "Director", "Analyst", "Consultant", "Designer", "Support Lead", "Buyer"];
    static readonly string[] Countries = ["DE", "US", "GB", "FR", "AU", "JP", "BR", "IN"];

    public Person this[int index]
    {
        get
        {
            var mix = Mix(Seed, index);
            var first = FirstNames[mix % FirstNames.Length];
            var last = LastNames[(mix / 31) % LastNames.Length];
            var isApp = index % 50 == 49;
            var changed = Revision > 0 && index % ChangeEvery == 0;
            var company = (mix / 7) % Math.Max(1, Companies) + 1;
            return new Person(
                index,
                AccountId: $"5f{Seed:x4}{index:x8}",
                AccountType: isApp ? "app" : "atlassian",
                DisplayName: isApp ? $"Automation bot {index}" : changed ? $"{first} {last} (rev {Revision})" : $"{first} {last}",
                Email: index % 37 == 36 ? null : $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}.{index}@company{company:000}.example",
                Active: index % 20 != 19,
                Company: $"Company {company:000}",
                Title: Titles[(mix / 13) % Titles.Length],
                Phone: $"+49 30 {100000 + index % 900000}",
                Country: Countries[(mix / 17) % Countries.Length]);
        }
    }

    public IEnumerable<Person> Range(int start, int count)
    {
        for (var i = Math.Max(0, start); i < Math.Min(Users, start + count); i++) yield return this[i];
    }

    static int Mix(int seed, int index)
    {
        unchecked
        {
            var h = (uint)(seed * 0x9E3779B1) ^ (uint)index * 0x85EBCA77;
            h ^= h >> 15;
            h *= 0xC2B2AE3D;
            h ^= h >> 13;
            return (int)(h & 0x7FFFFFFF);
        }
    }
}
