using Connector.Web.Csm;
using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connector.Web.Imports;

/// <summary>
/// What a connection last wrote for one record: the CSM id and a hash of the mapped content, so unchanged
/// records cost no writes and vanished ones can be found.
/// </summary>
public sealed class ImportedRecord : ITenantOwned
{
    public Guid TenantId { get; set; }
    public Guid ConnectionId { get; set; }
    public CsmEntity Entity { get; set; }
    public required string IdentityKey { get; set; }
    public required string CsmId { get; set; }
    public required string ContentHash { get; set; }

    /// <summary>A short hash of each detail value as last written (JSON object by field name); null before they were kept.</summary>
    public string? FieldHashes { get; set; }
    public Guid LastSeenRunId { get; set; }
    public bool Deactivated { get; set; }

    /// <summary>The last Preview changes run that saw the record (null: none did).</summary>
    public Guid? LastPreviewedRunId { get; set; }
}

/// <summary>A record of a page, as the run looks it up: which entity, and its identity key.</summary>
public readonly record struct RecordKey(CsmEntity Entity, string IdentityKey);

/// <summary>What the connection last wrote for a record, and the hash of each of its detail values (null: not known).</summary>
public sealed record KnownRecord(string CsmId, string ContentHash, IReadOnlyDictionary<string, string>? FieldHashes = null);

/// <summary>What a page wrote (or confirmed) for a record; an empty hash makes the next run try it again. Null field hashes keep the stored ones.</summary>
public sealed record RecordWrite(CsmEntity Entity, string IdentityKey, string CsmId, string ContentHash,
    IReadOnlyDictionary<string, string>? FieldHashes = null)
{
    public RecordKey Key => new(Entity, IdentityKey);
}

sealed class ImportedRecordConfiguration : IEntityTypeConfiguration<ImportedRecord>
{
    public void Configure(EntityTypeBuilder<ImportedRecord> record)
    {
        record.ToTable("imported_records");
        record.HasKey(r => new { r.ConnectionId, r.Entity, r.IdentityKey });
        record.Property(r => r.Entity).HasConversion(EnumText.Converter<CsmEntity>());
        record.Property(r => r.FieldHashes).HasColumnType("jsonb");
    }
}
