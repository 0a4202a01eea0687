using Connector.Web.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connector.Web.Sources;

/// <summary>
/// Uploaded files kept in PostgreSQL in 1 MiB chunks: written as they arrive and read back as a
/// stream, so neither an upload nor an import holds a whole file, and every app instance sees it.
/// Every query goes through <see cref="ConnectorDb"/>, so a tenant only ever reaches its own files.
/// </summary>
public sealed class SourceFileStore(ConnectorDb db, IDbContextFactory<ConnectorDb> contexts, TimeProvider time)
{
    const int ChunkSize = 1024 * 1024;

    public async Task<Guid> SaveAsync(string fileName, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var file = new SourceFile { FileName = fileName, CreatedAt = time.GetUtcNow() };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(file);
        await db.SaveChangesAsync(cancellationToken);

        var buffer = new byte[ChunkSize];
        for (var seq = 0; ; seq++)
        {
            var filled = await content.ReadAtLeastAsync(buffer, ChunkSize, throwOnEndOfStream: false, cancellationToken);
            if (filled == 0) break;
            file.SizeBytes += filled;
            if (file.SizeBytes > maxBytes) throw new SourceFileTooLargeException(maxBytes);
            var chunk = db.Add(new SourceFileChunk { FileId = file.Id, Seq = seq, Data = buffer[..filled] });
            await db.SaveChangesAsync(cancellationToken);
            chunk.State = EntityState.Detached; // a 100 MB upload must not stay in the change tracker
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return file.Id;
    }

    /// <summary>
    /// The file's bytes, fetched one chunk at a time through a context of its own: imports read ahead
    /// on another task while the run writes through the request's context.
    /// </summary>
    public Stream OpenRead(Guid fileId) => new ChunkStream(contexts.CreateDbContext(), fileId);

    public Task DeleteAsync(Guid fileId, CancellationToken cancellationToken) =>
        db.Set<SourceFile>().Where(f => f.Id == fileId).ExecuteDeleteAsync(cancellationToken);

    sealed class ChunkStream(ConnectorDb db, Guid fileId) : Stream
    {
        byte[] current = [];
        int position;
        int nextSeq;
        bool finished;

        public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            if (position == current.Length)
            {
                if (finished || !await FetchNextChunkAsync(cancellationToken)) return 0;
            }
            var count = Math.Min(destination.Length, current.Length - position);
            current.AsMemory(position, count).CopyTo(destination);
            position += count;
            return count;
        }

        async Task<bool> FetchNextChunkAsync(CancellationToken cancellationToken)
        {
            var data = await db.Set<SourceFileChunk>().Where(c => c.FileId == fileId && c.Seq == nextSeq)
                .Select(c => c.Data).SingleOrDefaultAsync(cancellationToken);
            if (data is null)
            {
                finished = true;
                return false;
            }
            (current, position) = (data, 0);
            nextSeq++;
            return true;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) db.Dispose();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await db.DisposeAsync();
            await base.DisposeAsync();
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>An uploaded file's record; its bytes are in <see cref="SourceFileChunk"/>s.</summary>
public sealed class SourceFile : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string FileName { get; set; }
    public long SizeBytes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class SourceFileChunk : ITenantOwned
{
    public Guid TenantId { get; set; }
    public Guid FileId { get; set; }
    public int Seq { get; set; }
    public required byte[] Data { get; set; }
}

sealed class SourceFileConfiguration : IEntityTypeConfiguration<SourceFile>, IEntityTypeConfiguration<SourceFileChunk>
{
    public void Configure(EntityTypeBuilder<SourceFile> file)
    {
        file.ToTable("source_files");
        file.HasKey(f => f.Id);
    }

    public void Configure(EntityTypeBuilder<SourceFileChunk> chunk)
    {
        chunk.ToTable("source_file_chunks");
        chunk.HasKey(c => new { c.FileId, c.Seq });
    }
}

public sealed class SourceFileTooLargeException(long maxBytes)
    : Exception($"The file is larger than the {maxBytes / (1024 * 1024)} MB this app accepts.");
