using System.Security.Cryptography;
using System.Text;
using Connector.Web.Csm;

namespace Connector.Web.Imports;

/// <summary>
/// Which detail values of a record to write: all present ones for a record the connection never wrote (or wrote before
/// per-field hashes were kept); otherwise only those whose value changed since its last write, and an empty value for a
/// mapped field that lost its value. Each field's last written value is remembered as a short hash.
/// </summary>
public sealed class DetailDelta
{
    readonly IReadOnlyDictionary<string, IReadOnlyList<string>> details;

    DetailDelta(IReadOnlyDictionary<string, IReadOnlyList<string>> details, List<(string, IReadOnlyList<string>)> writes) =>
        (this.details, Writes) = (details, writes);

    /// <summary>What to write, field by field; an empty list clears the field.</summary>
    public IReadOnlyList<(string Field, IReadOnlyList<string> Values)> Writes { get; }

    /// <param name="details">The record's present values now.</param>
    /// <param name="before">The hashes of its last write; null when nothing is known of it.</param>
    /// <param name="mappedFields">Every field the connection maps for this entity (only these are ever cleared).</param>
    public static DetailDelta Plan(IReadOnlyDictionary<string, IReadOnlyList<string>> details, IReadOnlyDictionary<string, string>? before,
        IEnumerable<string> mappedFields)
    {
        if (before is null) return new DetailDelta(details, details.Select(d => (d.Key, d.Value)).ToList());
        var writes = details.Where(d => before.GetValueOrDefault(d.Key) != Hash(d.Value)).Select(d => (d.Key, d.Value)).ToList();
        writes.AddRange(mappedFields.Where(field => before.ContainsKey(field) && !details.ContainsKey(field))
            .Select(field => (field, (IReadOnlyList<string>)[])));
        return new DetailDelta(details, writes);
    }

    /// <summary>The hashes to remember after writing: a field whose write was refused is left out, so the next run writes it again.</summary>
    public IReadOnlyDictionary<string, string> HashesAfter(IReadOnlyCollection<CsmRefusal> refusals)
    {
        var refused = refusals.Select(r => r.Field).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        return details.Where(d => !refused.Contains(d.Key)).ToDictionary(d => d.Key, d => Hash(d.Value), StringComparer.OrdinalIgnoreCase);
    }

    static string Hash(IReadOnlyList<string> values) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', values))))[..16];
}
