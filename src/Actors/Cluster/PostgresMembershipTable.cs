using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Vibe.Actors.Storage;

namespace Vibe.Actors.Cluster;

/// <summary>
/// Cluster membership in PostgreSQL (tables orleans_membership_version and orleans_membership of orleans.sql).
/// The version row's ETag is its version number, which only counts up; a row's ETag is the table version its last
/// insert or update wrote. An insert or update is one transaction that first moves the version row from the version
/// the writer read to the next one (taking the version row's lock, so the cluster's writers run one after another)
/// and then writes the row; if either step matches nothing, the transaction rolls back and the write returns false.
/// </summary>
public sealed class PostgresMembershipTable : IMembershipTable
{
    private const string InsertVersionRowSql = """
        INSERT INTO orleans_membership_version (cluster_id)
        VALUES (@cluster_id)
        ON CONFLICT (cluster_id) DO NOTHING
        """;

    private const string AdvanceVersionSql = """
        UPDATE orleans_membership_version
        SET version = @new_version, timestamp = now()
        WHERE cluster_id = @cluster_id AND version = @read_version
        """;

    private const string InsertRowSql = """
        INSERT INTO orleans_membership
            (cluster_id, address, port, generation, silo_name, host_name, role, status, suspect_times, start_time, i_am_alive_time, version)
        VALUES
            (@cluster_id, @address, @port, @generation, @silo_name, @host_name, @role, @status, @suspect_times, @start_time, @i_am_alive_time, @new_version)
        ON CONFLICT (cluster_id, address, port, generation) DO NOTHING
        """;

    // IAmAlive never moves back: the writer may have read the row before the silo's last heartbeat.
    private const string UpdateRowSql = """
        UPDATE orleans_membership
        SET silo_name = @silo_name,
            host_name = @host_name,
            role = @role,
            status = @status,
            suspect_times = @suspect_times,
            start_time = @start_time,
            i_am_alive_time = GREATEST(i_am_alive_time, @i_am_alive_time),
            version = @new_version
        WHERE cluster_id = @cluster_id AND address = @address AND port = @port AND generation = @generation
          AND version = @row_version
        """;

    // A heartbeat changes neither the row's ETag nor the table version, so it never makes a membership write fail.
    private const string UpdateIAmAliveSql = """
        UPDATE orleans_membership
        SET i_am_alive_time = GREATEST(i_am_alive_time, @i_am_alive_time)
        WHERE cluster_id = @cluster_id AND address = @address AND port = @port AND generation = @generation
        """;

    private const string CleanupSql = """
        DELETE FROM orleans_membership
        WHERE cluster_id = @cluster_id AND status = 'Dead' AND i_am_alive_time < @before
        """;

    private const string ReadColumns = """
        v.version, m.address, m.port, m.generation, m.silo_name, m.host_name, m.role, m.status, m.suspect_times,
               m.start_time, m.i_am_alive_time, m.version
        """;

    // The outer join returns the version row even when no membership row matches (then the m columns are NULL).
    private const string ReadAllSql = $"""
        SELECT {ReadColumns}
        FROM orleans_membership_version v
        LEFT JOIN orleans_membership m ON m.cluster_id = v.cluster_id
        WHERE v.cluster_id = @cluster_id
        """;

    private const string ReadRowSql = $"""
        SELECT {ReadColumns}
        FROM orleans_membership_version v
        LEFT JOIN orleans_membership m ON m.cluster_id = v.cluster_id
            AND m.address = @address AND m.port = @port AND m.generation = @generation
        WHERE v.cluster_id = @cluster_id
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _clusterId;

    public PostgresMembershipTable(NpgsqlDataSource dataSource, string clusterId)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        _dataSource = dataSource;
        _clusterId = clusterId;
    }

    /// <summary>Applies orleans.sql (idempotent) and, when asked, creates the cluster's version row at version 0 unless it exists.</summary>
    public async Task InitializeAsync(bool tryInitTableVersion, CancellationToken cancellationToken)
    {
        await PostgresSchema.EnsureCreatedAsync(_dataSource, cancellationToken);
        if (tryInitTableVersion)
        {
            await using var command = _dataSource.CreateCommand(InsertVersionRowSql);
            command.Parameters.Add(new NpgsqlParameter<string>("cluster_id", _clusterId));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(ReadAllSql);
        command.Parameters.Add(new NpgsqlParameter<string>("cluster_id", _clusterId));
        return await ReadTableAsync(command, cancellationToken);
    }

    public async Task<MembershipTableData> ReadRowAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(ReadRowSql);
        AddKey(command.Parameters, silo);
        return await ReadTableAsync(command, cancellationToken);
    }

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion version, CancellationToken cancellationToken)
    {
        MembershipRow.Validate(entry);
        return WriteRowAsync(InsertRowSql, entry, rowVersion: null, version, cancellationToken);
    }

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion version, CancellationToken cancellationToken)
    {
        MembershipRow.Validate(entry);
        return StorageETag.TryParse(etag, out var rowVersion)
            ? WriteRowAsync(UpdateRowSql, entry, rowVersion, version, cancellationToken)
            : Task.FromResult(false);
    }

    public async Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(UpdateIAmAliveSql);
        AddKey(command.Parameters, entry.SiloAddress);
        command.Parameters.Add(new NpgsqlParameter<DateTime>("i_am_alive_time", MembershipRow.ToUtc(entry.IAmAliveTime)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task CleanupDefunctSiloEntriesAsync(DateTime beforeDate, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(CleanupSql);
        command.Parameters.Add(new NpgsqlParameter<string>("cluster_id", _clusterId));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("before", MembershipRow.ToUtc(beforeDate)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Moves the version row to <paramref name="version"/> and runs <paramref name="rowSql"/>, in one transaction that
    /// commits only if both changed exactly one row.
    /// </summary>
    private async Task<bool> WriteRowAsync(string rowSql, MembershipEntry entry, int? rowVersion, TableVersion version, CancellationToken cancellationToken)
    {
        // The version ETag is the version number read; a write must carry the one after it.
        if (!StorageETag.TryParse(version.VersionEtag, out var readVersion) || readVersion == int.MaxValue || version.Version != readVersion + 1)
        {
            return false;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var advance = new NpgsqlCommand(AdvanceVersionSql, connection, transaction))
        {
            advance.Parameters.Add(new NpgsqlParameter<string>("cluster_id", _clusterId));
            advance.Parameters.Add(new NpgsqlParameter<int>("read_version", readVersion));
            advance.Parameters.Add(new NpgsqlParameter<int>("new_version", version.Version));
            if (await advance.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                return false; // disposing the transaction rolls it back
            }
        }

        await using (var write = new NpgsqlCommand(rowSql, connection, transaction))
        {
            AddRow(write.Parameters, entry);
            write.Parameters.Add(new NpgsqlParameter<int>("new_version", version.Version));
            if (rowVersion is { } expected)
            {
                write.Parameters.Add(new NpgsqlParameter<int>("row_version", expected));
            }

            if (await write.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                return false;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private void AddKey(NpgsqlParameterCollection parameters, SiloAddress silo)
    {
        parameters.Add(new NpgsqlParameter<string>("cluster_id", _clusterId));
        parameters.Add(new NpgsqlParameter<string>("address", silo.Endpoint.Address.ToString()));
        parameters.Add(new NpgsqlParameter<int>("port", silo.Endpoint.Port));
        parameters.Add(new NpgsqlParameter<int>("generation", silo.Generation));
    }

    private void AddRow(NpgsqlParameterCollection parameters, MembershipEntry entry)
    {
        AddKey(parameters, entry.SiloAddress);
        parameters.Add(new NpgsqlParameter<string>("silo_name", entry.SiloName));
        parameters.Add(new NpgsqlParameter<string>("host_name", entry.HostName));
        parameters.Add(new NpgsqlParameter<string>("role", entry.Role));
        parameters.Add(new NpgsqlParameter<string>("status", entry.Status.ToString()));
        parameters.Add(new NpgsqlParameter<string>("suspect_times", FormatSuspectTimes(entry.SuspectTimes)) { NpgsqlDbType = NpgsqlDbType.Jsonb });
        parameters.Add(new NpgsqlParameter<DateTime>("start_time", MembershipRow.ToUtc(entry.StartTime)));
        parameters.Add(new NpgsqlParameter<DateTime>("i_am_alive_time", MembershipRow.ToUtc(entry.IAmAliveTime)));
    }

    /// <summary>Reads rows of <see cref="ReadColumns"/>: the version from the first, and an entry from each that has one.</summary>
    private static async Task<MembershipTableData> ReadTableAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var entries = new List<(MembershipEntry Entry, string ETag)>();
        var tableVersion = 0; // no version row yet: the cluster is at version 0 until one is created
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tableVersion = reader.GetInt32(0);
                if (await reader.IsDBNullAsync(1, cancellationToken))
                {
                    continue;
                }

                var silo = new SiloAddress(new IPEndPoint(IPAddress.Parse(reader.GetString(1)), reader.GetInt32(2)), reader.GetInt32(3));
                var entry = new MembershipEntry
                {
                    SiloAddress = silo,
                    SiloName = reader.GetString(4),
                    HostName = reader.GetString(5),
                    Role = reader.GetString(6),
                    Status = Enum.Parse<SiloStatus>(reader.GetString(7)),
                    SuspectTimes = ParseSuspectTimes(reader.GetString(8)),
                    StartTime = reader.GetFieldValue<DateTime>(9),
                    IAmAliveTime = reader.GetFieldValue<DateTime>(10),
                };
                entries.Add((entry, StorageETag.Format(reader.GetInt32(11))));
            }
        }

        entries.Sort(static (x, y) => x.Entry.SiloAddress.CompareTo(y.Entry.SiloAddress));
        return new MembershipTableData(entries, new TableVersion(tableVersion, StorageETag.Format(tableVersion)));
    }

    /// <summary>The suspect_times JSON: <c>[{"silo": "ip:port@generation", "time": "&lt;UTC ISO 8601&gt;"}]</c>.</summary>
    private static string FormatSuspectTimes(IReadOnlyList<SuspectVote> votes)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var vote in votes)
            {
                writer.WriteStartObject();
                writer.WriteString("silo", vote.Voter.ToString());
                writer.WriteString("time", MembershipRow.ToUtc(vote.Time));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static SuspectVote[] ParseSuspectTimes(string json)
    {
        using var document = JsonDocument.Parse(json);
        var votes = new SuspectVote[document.RootElement.GetArrayLength()];
        var i = 0;
        foreach (var vote in document.RootElement.EnumerateArray())
        {
            var voter = SiloAddress.Parse(vote.GetProperty("silo").GetString() ?? "");
            votes[i++] = new SuspectVote(voter, MembershipRow.ToUtc(vote.GetProperty("time").GetDateTime()));
        }

        return votes;
    }
}
