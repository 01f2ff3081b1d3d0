using Npgsql;
using Vibe.Actors.Storage;

namespace Vibe.Actors.Reminders;

/// <summary>Reminders in PostgreSQL (table orleans_reminders of orleans.sql).</summary>
public sealed class PostgresReminderTable : IReminderTable
{
    private const string Columns = "grain_type, grain_key, reminder_name, start_time, period, version";

    private const string ReadAllSql = $"""
        SELECT {Columns}
        FROM orleans_reminders
        WHERE service_id = @service_id
        ORDER BY grain_type, grain_key, reminder_name
        """;

    private const string ReadByGrainSql = $"""
        SELECT {Columns}
        FROM orleans_reminders
        WHERE service_id = @service_id AND grain_type = @grain_type AND grain_key = @grain_key
        ORDER BY reminder_name
        """;

    private const string ReadOneSql = $"""
        SELECT {Columns}
        FROM orleans_reminders
        WHERE service_id = @service_id AND grain_type = @grain_type AND grain_key = @grain_key AND reminder_name = @reminder_name
        """;

    private const string UpsertSql = """
        INSERT INTO orleans_reminders (service_id, grain_type, grain_key, reminder_name, grain_hash, start_time, period, version)
        VALUES (@service_id, @grain_type, @grain_key, @reminder_name, @grain_hash, @start_time, @period, 1)
        ON CONFLICT (service_id, grain_type, grain_key, reminder_name)
        DO UPDATE SET start_time = excluded.start_time, period = excluded.period, version = orleans_reminders.version + 1
        RETURNING version
        """;

    private const string DeleteSql = """
        DELETE FROM orleans_reminders
        WHERE service_id = @service_id AND grain_type = @grain_type AND grain_key = @grain_key AND reminder_name = @reminder_name
          AND version = @version
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;

    public PostgresReminderTable(NpgsqlDataSource dataSource, string serviceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceId);
        _dataSource = dataSource;
        _serviceId = serviceId;
    }

    /// <summary>Applies orleans.sql (idempotent) so the table exists.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken) => PostgresSchema.EnsureCreatedAsync(_dataSource, cancellationToken);

    public async Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(ReadAllSql);
        return await ReadEntriesAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<ReminderEntry>> ReadAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(ReadByGrainSql, grainId);
        return await ReadEntriesAsync(command, cancellationToken);
    }

    public async Task<ReminderEntry?> ReadAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(ReadOneSql, grainId, reminderName);
        var entries = await ReadEntriesAsync(command, cancellationToken);
        return entries.Count == 0 ? null : entries[0];
    }

    public async Task<string> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(UpsertSql, entry.GrainId, entry.ReminderName);
        command.Parameters.Add(new NpgsqlParameter<long>("grain_hash", entry.GrainId.GetStableHash()));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("start_time", ReminderStartTime.ToUtc(entry.StartAt)));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("period", entry.Period));
        var version = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        return StorageETag.Format(version);
    }

    public async Task<bool> RemoveAsync(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        if (!StorageETag.TryParse(eTag, out var version))
        {
            return false;
        }

        await using var command = CreateCommand(DeleteSql, grainId, reminderName);
        command.Parameters.Add(new NpgsqlParameter<int>("version", version));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task<List<ReminderEntry>> ReadEntriesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new ReminderEntry
            {
                GrainId = new GrainId(reader.GetString(0), reader.GetString(1)),
                ReminderName = reader.GetString(2),
                StartAt = reader.GetFieldValue<DateTime>(3),
                Period = reader.GetFieldValue<TimeSpan>(4),
                ETag = StorageETag.Format(reader.GetInt32(5)),
            });
        }

        return entries;
    }

    private NpgsqlCommand CreateCommand(string sql)
    {
        var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string>("service_id", _serviceId));
        return command;
    }

    private NpgsqlCommand CreateCommand(string sql, GrainId grainId)
    {
        var command = CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string>("grain_type", grainId.Type));
        command.Parameters.Add(new NpgsqlParameter<string>("grain_key", grainId.Key));
        return command;
    }

    private NpgsqlCommand CreateCommand(string sql, GrainId grainId, string reminderName)
    {
        var command = CreateCommand(sql, grainId);
        command.Parameters.Add(new NpgsqlParameter<string>("reminder_name", reminderName));
        return command;
    }
}
