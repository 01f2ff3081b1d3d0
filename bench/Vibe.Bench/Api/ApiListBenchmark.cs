using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using Vibe.Bench.Hubs;
using Vibe.Bench.Workspaces;
using Vibe.TestSupport;
using Vibe.WebFront.Workspaces;

namespace Vibe.Bench.Api;

/// <summary>
/// api-list: <c>GET /api/v1/workspaces</c> over HTTP against a real WebFront process whose app database is PostgreSQL,
/// for a user who can see 1,000 workspaces (half personal, half in a team they own) among 10,000 of other users (a
/// quarter of them in other teams). The rows are inserted straight into the workspace index: listing touches no grain
/// and no container. The baseline, in the same run and in turns with it, is the very same SQL query
/// (<see cref="WorkspaceIndexSql.List"/>) run directly on the same database with every column read; a trivial
/// authenticated endpoint (<c>GET /api/v1/auth/me</c>) is shown beside. Measured twice: cold, right after start, while
/// the JIT still runs most of the path unoptimized, and warm, after enough listings for it to settle; the figure is the
/// warm one, what a server that has been up for a minute answers, and the cold one is shown beside it.
/// </summary>
internal sealed class ApiListBenchmark : IBenchmark
{
    private const int OwnWorkspaces = 1000;
    private const int OtherWorkspaces = 10_000;

    /// <summary>Rounds between the cold and the warm measurement, enough for tiered compilation to finish with the hot path.</summary>
    private const int SettleRounds = 1000;

    public string Name => "api-list";

    public string Description => "p95 ms of GET /api/v1/workspaces for a user with 1,000 workspaces (PostgreSQL); baseline the same SQL run directly";

    public async Task<BenchmarkResult> RunAsync(BenchmarkContext context)
    {
        var rounds = context.Quick ? 300 : 3000;
        var warmUpRounds = context.Quick ? 50 : 300;
        await using var postgres = await PostgresServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var webFront = await WebFrontProcess.StartAsync(context.RepositoryRoot, new Dictionary<string, string>
        {
            ["Vibe__Database__ConnectionString"] = connectionString,

            // The seeded rows have no grains: the sampler would only mark them lost, and its work is not what is measured.
            ["Vibe__WorkspaceIndex__SamplePeriod"] = "00:00:00",
        });
        await webFront.RegisterFirstAccountAsync();
        var userId = (await webFront.SendAsync(HttpMethod.Get, "/api/v1/auth/me")).GetProperty("id").GetGuid();
        var teamId = (await webFront.SendAsync(HttpMethod.Post, "/api/v1/teams", new { name = "bench team" })).GetProperty("id").GetGuid();
        await using var database = NpgsqlDataSource.Create(connectionString);
        await SeedAsync(database, userId, teamId);

        var listed = await webFront.SendAsync(HttpMethod.Get, "/api/v1/workspaces");
        if (listed.GetArrayLength() != OwnWorkspaces)
        {
            throw new InvalidOperationException($"The listing has {listed.GetArrayLength()} workspaces, not {OwnWorkspaces}.");
        }

        // Cold: right after start, as before; most of the code still runs as the JIT's quick first tier.
        var cold = await MeasureAsync(webFront.Http, database, userId, rounds, warmUpRounds);

        // Warm: once the hot code has been recompiled optimized. Profiling the app showed this takes about 700-1,000
        // listings after start (tiered compilation's call counting and its background recompiles); before that, reading
        // the 1,000 rows alone took 5-6 ms instead of 1.
        var warm = await MeasureAsync(webFront.Http, database, userId, rounds, SettleRounds);

        return new BenchmarkResult(Name, warm.Api.Percentile(0.95), "ms", warm.Sql.Percentile(0.95), warm.Api.P50, warm.Api.P99)
        {
            Notes =
            {
                "value: p95 of GET /api/v1/workspaces over HTTP (loopback, one request at a time, body read), warm; baseline: p95 of the same SQL query run directly, in turns with it",
                string.Create(CultureInfo.InvariantCulture, $"cold: {rounds} requests of each after {warmUpRounds} warm-up rounds, right after start; warm: {rounds} more after {SettleRounds} further rounds"),
                string.Create(CultureInfo.InvariantCulture, $"{OwnWorkspaces} workspaces listed ({warm.ResponseBytes} bytes of JSON) among {OwnWorkspaces + OtherWorkspaces} indexed"),
            },
            Extra =
            {
                ["api p50 ms"] = warm.Api.P50,
                ["api p95 ms"] = warm.Api.Percentile(0.95),
                ["api p99 ms"] = warm.Api.P99,
                ["sql p50 ms"] = warm.Sql.P50,
                ["sql p95 ms"] = warm.Sql.Percentile(0.95),
                ["auth/me p50 ms"] = warm.Me.P50,
                ["auth/me p95 ms"] = warm.Me.Percentile(0.95),
                ["cold api p50 ms"] = cold.Api.P50,
                ["cold api p95 ms"] = cold.Api.Percentile(0.95),
                ["cold sql p95 ms"] = cold.Sql.Percentile(0.95),
                ["response bytes"] = warm.ResponseBytes,
            },
        };
    }

    /// <summary><paramref name="rounds"/> rounds measured after <paramref name="unmeasured"/>: each lists over HTTP, runs the SQL directly, and asks <c>auth/me</c>.</summary>
    private static async Task<Round> MeasureAsync(HttpClient http, NpgsqlDataSource database, Guid userId, int rounds, int unmeasured)
    {
        var measured = new Round(new Samples(), new Samples(), new Samples());
        for (var round = -unmeasured; round < rounds; round++)
        {
            var (apiTime, bytes) = await GetAsync(http, "/api/v1/workspaces");
            var sqlTime = await QueryAsync(database, userId);
            var (meTime, _) = await GetAsync(http, "/api/v1/auth/me");
            if (round >= 0)
            {
                measured.Api.Add(apiTime);
                measured.Sql.Add(sqlTime);
                measured.Me.Add(meTime);
                measured.ResponseBytes = bytes;
            }
        }

        return measured;
    }

    /// <summary>The user's workspaces (every tenth running, with a sample), half of them in the team, and other users' workspaces around them.</summary>
    private static async Task SeedAsync(NpgsqlDataSource database, Guid userId, Guid teamId)
    {
        const string Seed = """
            INSERT INTO workspaces (id, name, owner_id, team_id, template, network, nano_cpus, memory_limit_bytes, pids_limit,
                                    status, status_changed_at, created_at, last_activity_at, cpu_percent, memory_used_bytes, sampled_at, deleted)
            SELECT @prefix || lpad(i::text, 6, '0'), 'workspace ' || i, @owner, CASE WHEN @team <> '' AND i % 2 = 0 THEN @team END,
                   'blank', 'None', 1000000000, 1073741824, 512,
                   CASE WHEN i % 10 = 0 THEN 'Running' ELSE 'Stopped' END, @now - i, @now - i, @now - i,
                   CASE WHEN i % 10 = 0 THEN 2.5 END, CASE WHEN i % 10 = 0 THEN 50000000 END, CASE WHEN i % 10 = 0 THEN @now END, false
            FROM generate_series(1, @count) AS i
            """;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var connection = await database.OpenConnectionAsync();
        await InsertAsync(connection, Seed, "mine", userId.ToString(), teamId.ToString(), now, OwnWorkspaces);

        // Other users, ten workspaces each; every other user has half of them in a team of their own.
        for (var user = 0; user < OtherWorkspaces / 10; user++)
        {
            await InsertAsync(connection, Seed, $"other{user:D4}x", Guid.NewGuid().ToString(), user % 2 == 0 ? "" : Guid.NewGuid().ToString(), now, 10);
        }

        await using var analyze = new NpgsqlCommand("ANALYZE workspaces", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    private static async Task InsertAsync(NpgsqlConnection connection, string sql, string prefix, string owner, string team, long now, int count)
    {
        await using var insert = new NpgsqlCommand(sql, connection);
        insert.Parameters.AddWithValue("prefix", prefix);
        insert.Parameters.AddWithValue("owner", owner);
        insert.Parameters.AddWithValue("team", team);
        insert.Parameters.AddWithValue("now", now);
        insert.Parameters.AddWithValue("count", count);
        await insert.ExecuteNonQueryAsync();
    }

    private static async Task<(TimeSpan Elapsed, long Bytes)> GetAsync(HttpClient http, string path)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsByteArrayAsync();
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        }

        return (elapsed, body.Length);
    }

    /// <summary>The listing's SQL as the app runs it: a pooled connection, the query, every column of every row read.</summary>
    private static async Task<TimeSpan> QueryAsync(NpgsqlDataSource database, Guid userId)
    {
        var started = Stopwatch.GetTimestamp();
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(WorkspaceIndexSql.List, connection);
        command.Parameters.AddWithValue("UserId", userId.ToString());
        await using var reader = await command.ExecuteReaderAsync();
        var values = new object[reader.FieldCount];
        var rows = 0;
        while (await reader.ReadAsync())
        {
            reader.GetValues(values);
            rows++;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        return rows == OwnWorkspaces ? elapsed : throw new InvalidOperationException($"The query returned {rows} rows, not {OwnWorkspaces}.");
    }

    private sealed record Round(Samples Api, Samples Sql, Samples Me)
    {
        public long ResponseBytes { get; set; }
    }
}
