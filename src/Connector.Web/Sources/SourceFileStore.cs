using Npgsql;

namespace Connector.Web.Sources;

/// <summary>
/// Uploaded files kept in PostgreSQL in 1 MiB chunks: written as they arrive and read back as a
/// stream, so neither an upload nor an import holds a whole file, and every app instance sees it.
/// </summary>
public sealed class SourceFileStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    const int ChunkSize = 1024 * 1024;

    public async Task<Guid> SaveAsync(Guid tenantId, string fileName, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var fileId = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var file = new NpgsqlCommand(
            "insert into source_files (id, tenant_id, file_name, size_bytes, created_at) values ($1, $2, $3, 0, $4)", connection, transaction))
        {
            file.Parameters.Add(new() { Value = fileId });
            file.Parameters.Add(new() { Value = tenantId });
            file.Parameters.Add(new() { Value = fileName });
            file.Parameters.Add(new() { Value = time.GetUtcNow() });
            await file.ExecuteNonQueryAsync(cancellationToken);
        }

        var buffer = new byte[ChunkSize];
        long total = 0;
        for (var seq = 0; ; seq++)
        {
            var filled = await content.ReadAtLeastAsync(buffer, ChunkSize, throwOnEndOfStream: false, cancellationToken);
            if (filled == 0) break;
            total += filled;
            if (total > maxBytes) throw new SourceFileTooLargeException(maxBytes);
            await using var chunk = new NpgsqlCommand("insert into source_file_chunks (file_id, seq, data) values ($1, $2, $3)", connection, transaction);
            chunk.Parameters.Add(new() { Value = fileId });
            chunk.Parameters.Add(new() { Value = seq });
            chunk.Parameters.Add(new() { Value = buffer.AsMemory(0, filled) });
            await chunk.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var size = new NpgsqlCommand("update source_files set size_bytes = $2 where id = $1", connection, transaction))
        {
            size.Parameters.Add(new() { Value = fileId });
            size.Parameters.Add(new() { Value = total });
            await size.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return fileId;
    }

    /// <summary>The file's bytes, fetched one chunk at a time; the tenant must own the file.</summary>
    public Stream OpenRead(Guid tenantId, Guid fileId) => new ChunkStream(dataSource, tenantId, fileId);

    public async Task DeleteAsync(Guid tenantId, Guid fileId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("delete from source_files where id = $1 and tenant_id = $2");
        command.Parameters.Add(new() { Value = fileId });
        command.Parameters.Add(new() { Value = tenantId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    sealed class ChunkStream(NpgsqlDataSource dataSource, Guid tenantId, Guid fileId) : Stream
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
            await using var command = dataSource.CreateCommand("""
                select c.data from source_file_chunks c join source_files f on f.id = c.file_id
                where c.file_id = $1 and f.tenant_id = $2 and c.seq = $3
                """);
            command.Parameters.Add(new() { Value = fileId });
            command.Parameters.Add(new() { Value = tenantId });
            command.Parameters.Add(new() { Value = nextSeq });
            if (await command.ExecuteScalarAsync(cancellationToken) is not byte[] data)
            {
                finished = true;
                return false;
            }
            (current, position) = (data, 0);
            nextSeq++;
            return true;
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

public sealed class SourceFileTooLargeException(long maxBytes)
    : Exception($"The file is larger than the {maxBytes / (1024 * 1024)} MB this app accepts.");
