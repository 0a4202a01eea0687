using Npgsql;
using NpgsqlTypes;

namespace Connector.Web.Platform.Database;

/// <summary>Typed SQL parameters for values that may be null, so PostgreSQL knows what type a null is.</summary>
public static class SqlValue
{
    public static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    public static NpgsqlParameter Integer(int? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer };
}
