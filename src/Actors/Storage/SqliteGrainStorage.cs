using Microsoft.Data.Sqlite;
using Vibe.Actors.Hosting;

namespace Vibe.Actors.Storage;

/// <summary>
/// Grain storage in a SQLite file, the embedded default. Every write is one conditional statement, so the ETag
/// check and the write are atomic; the file is in WAL mode and connections wait for each other's write locks.
/// A clear leaves the row as a tombstone (payload NULL, the next version), so a version is never reused.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, ISiloStartupTask
{
    private const string ReadSql = """
        SELECT payload, version
        FROM orleans_storage
        WHERE service_id = @service_id AND grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name
        """;

    private const string ReadVersionSql = """
        SELECT version
        FROM orleans_storage
        WHERE service_id = @service_id AND grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name
        """;

    // The first write: succeeds only if no row exists, not even a tombstone.
    private const string InsertSql = """
        INSERT INTO orleans_storage (service_id, grain_type, grain_key, state_name, payload, version)
        VALUES (@service_id, @grain_type, @grain_key, @state_name, @payload, 1)
        ON CONFLICT (service_id, grain_type, grain_key, state_name) DO NOTHING
        """;

    // Every later write, also over a tombstone: succeeds only if the stored version is still the one the writer read.
    private const string UpdateSql = """
        UPDATE orleans_storage
        SET payload = @payload, version = version + 1, modified_on = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        WHERE service_id = @service_id AND grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name
          AND version = @version
        """;

    // A clear keeps the row as a tombstone (payload NULL) and increments its version like a write, so an ETag
    // from before the clear never matches again: the next write over the tombstone must present the
    // tombstone's ETag, and a first write (no ETag) conflicts with it.
    private const string ClearSql = """
        UPDATE orleans_storage
        SET payload = NULL, version = version + 1, modified_on = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        WHERE service_id = @service_id AND grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name
          AND version = @version
        """;

    private readonly string _connectionString;
    private readonly string _serviceId;
    private readonly IGrainStateSerializer _serializer;

    public SqliteGrainStorage(string connectionString, string serviceId, IGrainStateSerializer serializer)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentException.ThrowIfNullOrEmpty(serviceId);
        _connectionString = connectionString;
        _serviceId = serviceId;
        _serializer = serializer;
    }

    /// <summary>Creates the tables if they do not exist.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken) => SqliteSchema.EnsureCreatedAsync(_connectionString, cancellationToken);

    public async Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteSchema.OpenConnectionAsync(_connectionString, cancellationToken);
        await using var command = CreateCommand(connection, ReadSql, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        else if (await reader.IsDBNullAsync(0, cancellationToken))
        {
            // A tombstone: the state was cleared. State stays as given; the ETag is the one the next write must present.
            grainState.ETag = StorageETag.Format(reader.GetInt32(1));
            grainState.RecordExists = false;
        }
        else
        {
            grainState.State = _serializer.Deserialize<TState>(reader.GetFieldValue<byte[]>(0));
            grainState.ETag = StorageETag.Format(reader.GetInt32(1));
            grainState.RecordExists = true;
        }
    }

    public async Task WriteStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        var payload = _serializer.Serialize(grainState.State);
        var eTag = grainState.ETag;
        await using var connection = await SqliteSchema.OpenConnectionAsync(_connectionString, cancellationToken);
        int? newVersion = null; // stays null when the ETag check fails
        if (eTag is null)
        {
            await using var insert = CreateCommand(connection, InsertSql, stateName, grainId);
            insert.Parameters.AddWithValue("@payload", payload);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                newVersion = 1;
            }
        }
        else if (StorageETag.TryParse(eTag, out var version))
        {
            await using var update = CreateCommand(connection, UpdateSql, stateName, grainId);
            update.Parameters.AddWithValue("@payload", payload);
            update.Parameters.AddWithValue("@version", version);
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                newVersion = version + 1;
            }
        }

        if (newVersion is null)
        {
            var stored = await ReadStoredETagAsync(connection, stateName, grainId, cancellationToken);
            throw StorageETag.Conflict("write", stateName, grainId, stored, eTag);
        }

        grainState.ETag = StorageETag.Format(newVersion.Value);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        var eTag = grainState.ETag;
        await using var connection = await SqliteSchema.OpenConnectionAsync(_connectionString, cancellationToken);
        var cleared = false;
        int? newVersion = null; // stays null when there is no row to leave a tombstone in
        if (eTag is null)
        {
            // There is nothing to clear; the clear is consistent only if there is indeed no row (not even a tombstone).
            cleared = await ReadStoredETagAsync(connection, stateName, grainId, cancellationToken) is null;
        }
        else if (StorageETag.TryParse(eTag, out var version))
        {
            await using var clear = CreateCommand(connection, ClearSql, stateName, grainId);
            clear.Parameters.AddWithValue("@version", version);
            cleared = await clear.ExecuteNonQueryAsync(cancellationToken) == 1;
            newVersion = version + 1;
        }

        if (!cleared)
        {
            var stored = await ReadStoredETagAsync(connection, stateName, grainId, cancellationToken);
            throw StorageETag.Conflict("clear", stateName, grainId, stored, eTag);
        }

        grainState.ETag = newVersion is null ? null : StorageETag.Format(newVersion.Value);
        grainState.RecordExists = false;
    }

    private async Task<string?> ReadStoredETagAsync(SqliteConnection connection, string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(connection, ReadVersionSql, stateName, grainId);
        var version = await command.ExecuteScalarAsync(cancellationToken);
        return version is long value ? StorageETag.Format(value) : null;
    }

    private SqliteCommand CreateCommand(SqliteConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@service_id", _serviceId);
        command.Parameters.AddWithValue("@grain_type", grainId.Type);
        command.Parameters.AddWithValue("@grain_key", grainId.Key);
        command.Parameters.AddWithValue("@state_name", stateName);
        return command;
    }
}
