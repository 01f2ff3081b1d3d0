using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Vibe.Hosting.Storage;

namespace Vibe.Hosting.Tests.Fixtures;

/// <summary>One database of a test, and plain SQL against it to look at what the providers stored.</summary>
public sealed class TestDatabase(VibeStorageSettings settings)
{
    public VibeStorageSettings Settings { get; } = settings;

    public bool IsPostgres => Settings.Invariant == VibeStorageSettings.Npgsql;

    /// <summary>Runs <paramref name="sql"/> and returns every row as column values (DBNull as null).</summary>
    public async Task<List<object?[]>> QueryAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }
        }
        while (await reader.NextResultAsync());

        return rows;
    }

    /// <summary>Runs <paramref name="sql"/> for its effect.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = IsPostgres ? new NpgsqlConnection(Settings.ConnectionString) : new SqliteConnection(Settings.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
