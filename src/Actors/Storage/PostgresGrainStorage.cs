using Npgsql;
using Vibe.Actors.Hosting;

namespace Vibe.Actors.Storage;

/// <summary>
/// Grain storage in PostgreSQL (table orleans_storage of orleans.sql). Every write is one conditional statement,
/// so the ETag check and the write are atomic even between silos. A clear leaves the row as a tombstone (payload
/// NULL, the next version), so a version is never reused.
/// </summary>
public sealed class PostgresGrainStorage : IGrainStorage, ISiloStartupTask
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
        INSERT INTO orleans_storage (service_id, grain_type, grain_key, state_name, payload, version, modified_on)
        VALUES (@service_id, @grain_type, @grain_key, @state_name, @payload, 1, now())
        ON CONFLICT (service_id, grain_type, grain_key, state_name) DO NOTHING
        """;

    // Every later write, also over a tombstone: succeeds only if the stored version is still the one the writer read.
    private const string UpdateSql = """
        UPDATE orleans_storage
        SET payload = @payload, version = version + 1, modified_on = now()
        WHERE service_id = @service_id AND grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name
          AND version = @version
        """;

    // A clear keeps the row as a tombstone (payload NULL) and increments its version like a write, so an ETag
    // from before the clear never matches again: the next write over the tombstone must present the
    // tombstone's ETag, and a first write (no ETag) conflicts with it.
    private const string ClearSql = """
        UPDATE orleans_storage
        SET payload = NULL, version = version + 1, modified_on = now()
        WHERE service_id = @service_id AND grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name
          AND version = @version
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;
    private readonly IGrainStateSerializer _serializer;

    public PostgresGrainStorage(NpgsqlDataSource dataSource, string serviceId, IGrainStateSerializer serializer)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceId);
        _dataSource = dataSource;
        _serviceId = serviceId;
        _serializer = serializer;
    }

    /// <summary>Applies orleans.sql (idempotent) so the table exists.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken) => PostgresSchema.EnsureCreatedAsync(_dataSource, cancellationToken);

    public async Task ReadStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(ReadSql, stateName, grainId);
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
        int? newVersion = null; // stays null when the ETag check fails
        if (eTag is null)
        {
            await using var insert = CreateCommand(InsertSql, stateName, grainId);
            insert.Parameters.Add(new NpgsqlParameter<byte[]>("payload", payload));
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                newVersion = 1;
            }
        }
        else if (StorageETag.TryParse(eTag, out var version))
        {
            await using var update = CreateCommand(UpdateSql, stateName, grainId);
            update.Parameters.Add(new NpgsqlParameter<byte[]>("payload", payload));
            update.Parameters.Add(new NpgsqlParameter<int>("version", version));
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                newVersion = version + 1;
            }
        }

        if (newVersion is null)
        {
            var stored = await ReadStoredETagAsync(stateName, grainId, cancellationToken);
            throw StorageETag.Conflict("write", stateName, grainId, stored, eTag);
        }

        grainState.ETag = StorageETag.Format(newVersion.Value);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<TState>(string stateName, GrainId grainId, IGrainState<TState> grainState, CancellationToken cancellationToken)
    {
        var eTag = grainState.ETag;
        var cleared = false;
        int? newVersion = null; // stays null when there is no row to leave a tombstone in
        if (eTag is null)
        {
            // There is nothing to clear; the clear is consistent only if there is indeed no row (not even a tombstone).
            cleared = await ReadStoredETagAsync(stateName, grainId, cancellationToken) is null;
        }
        else if (StorageETag.TryParse(eTag, out var version))
        {
            await using var clear = CreateCommand(ClearSql, stateName, grainId);
            clear.Parameters.Add(new NpgsqlParameter<int>("version", version));
            cleared = await clear.ExecuteNonQueryAsync(cancellationToken) == 1;
            newVersion = version + 1;
        }

        if (!cleared)
        {
            var stored = await ReadStoredETagAsync(stateName, grainId, cancellationToken);
            throw StorageETag.Conflict("clear", stateName, grainId, stored, eTag);
        }

        grainState.ETag = newVersion is null ? null : StorageETag.Format(newVersion.Value);
        grainState.RecordExists = false;
    }

    private async Task<string?> ReadStoredETagAsync(string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(ReadVersionSql, stateName, grainId);
        var version = await command.ExecuteScalarAsync(cancellationToken);
        return version is int value ? StorageETag.Format(value) : null;
    }

    private NpgsqlCommand CreateCommand(string sql, string stateName, GrainId grainId)
    {
        var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string>("service_id", _serviceId));
        command.Parameters.Add(new NpgsqlParameter<string>("grain_type", grainId.Type));
        command.Parameters.Add(new NpgsqlParameter<string>("grain_key", grainId.Key));
        command.Parameters.Add(new NpgsqlParameter<string>("state_name", stateName));
        return command;
    }
}
