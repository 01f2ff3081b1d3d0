using Microsoft.Data.Sqlite;
using Vibe.Actors.Reminders;

namespace Vibe.Actors.Tests.Storage;

public sealed class SqliteReminderTableTests : ReminderTableContractTests, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"vibe-reminders-{Guid.NewGuid():N}.db");

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _path }.ToString();

    protected override async Task<IReminderTable> CreateTableAsync(string serviceId)
    {
        var table = new SqliteReminderTable(ConnectionString, serviceId);
        await table.InitializeAsync(CancellationToken.None);
        return table;
    }

    public void Dispose()
    {
        SqliteConnection.ClearPool(new SqliteConnection(ConnectionString));
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
