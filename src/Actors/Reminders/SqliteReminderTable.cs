using System.Globalization;
using Microsoft.Data.Sqlite;
using Vibe.Actors.Storage;

namespace Vibe.Actors.Reminders;

/// <summary>Reminders in a SQLite file, the embedded default (table orleans_reminders of sqlite.sql).</summary>
public sealed class SqliteReminderTable : IReminderTable
{
    private const string Columns = "grain_type, grain_key, reminder_name, start_time, period_ticks, version";

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
        INSERT INTO orleans_reminders (service_id, grain_type, grain_key, reminder_name, start_time, period_ticks, version)
        VALUES (@service_id, @grain_type, @grain_key, @reminder_name, @start_time, @period_ticks, 1)
        ON CONFLICT (service_id, grain_type, grain_key, reminder_name)
        DO UPDATE SET start_time = excluded.start_time, period_ticks = excluded.period_ticks, version = version + 1
        RETURNING version
        """;

    private const string DeleteSql = """
        DELETE FROM orleans_reminders
        WHERE service_id = @service_id AND grain_type = @grain_type AND grain_key = @grain_key AND reminder_name = @reminder_name
          AND version = @version
        """;

    private readonly string _connectionString;
    private readonly string _serviceId;

    public SqliteReminderTable(string connectionString, string serviceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentException.ThrowIfNullOrEmpty(serviceId);
        _connectionString = connectionString;
        _serviceId = serviceId;
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => SqliteSchema.EnsureCreatedAsync(_connectionString, cancellationToken);

    public async Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await SqliteSchema.OpenConnectionAsync(_connectionString, cancellationToken);
        await using var command = CreateCommand(connection, ReadAllSql);
        return await ReadEntriesAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<ReminderEntry>> ReadAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteSchema.OpenConnectionAsync(_connectionString, cancellationToken);
        await using var command = CreateCommand(connection, ReadByGrainSql, grainId);
        return await ReadEntriesAsync(command, cancellationToken);
    }

    public async Task<ReminderEntry?> ReadAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteSchema.OpenConnectionAsync(_connectionString, cancellationToken);
        await using var command = CreateCommand(connection, ReadOneSql, grainId, reminderName);
        var entries = await ReadEntriesAsync(command, cancellationToken);
        return entries.Count == 0 ? null : entries[0];
    }

    public async Task<string> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteSchema.OpenConnectionAsync(_connectionString, cancellationToken);
        await using var command = CreateCommand(connection, UpsertSql, entry.GrainId, entry.ReminderName);
        command.Parameters.AddWithValue("@start_time", ReminderStartTime.ToUtc(entry.StartAt).ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("@period_ticks", entry.Period.Ticks);
        var version = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return StorageETag.Format(version);
    }

    public async Task<bool> RemoveAsync(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        if (!StorageETag.TryParse(eTag, out var version))
        {
            return false;
        }

        await using var connection = await SqliteSchema.OpenConnectionAsync(_connectionString, cancellationToken);
        await using var command = CreateCommand(connection, DeleteSql, grainId, reminderName);
        command.Parameters.AddWithValue("@version", version);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task<List<ReminderEntry>> ReadEntriesAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new ReminderEntry
            {
                GrainId = new GrainId(reader.GetString(0), reader.GetString(1)),
                ReminderName = reader.GetString(2),
                StartAt = DateTime.Parse(reader.GetString(3), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                Period = TimeSpan.FromTicks(reader.GetInt64(4)),
                ETag = StorageETag.Format(reader.GetInt64(5)),
            });
        }

        return entries;
    }

    private SqliteCommand CreateCommand(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@service_id", _serviceId);
        return command;
    }

    private SqliteCommand CreateCommand(SqliteConnection connection, string sql, GrainId grainId)
    {
        var command = CreateCommand(connection, sql);
        command.Parameters.AddWithValue("@grain_type", grainId.Type);
        command.Parameters.AddWithValue("@grain_key", grainId.Key);
        return command;
    }

    private SqliteCommand CreateCommand(SqliteConnection connection, string sql, GrainId grainId, string reminderName)
    {
        var command = CreateCommand(connection, sql, grainId);
        command.Parameters.AddWithValue("@reminder_name", reminderName);
        return command;
    }
}
