using Microsoft.Data.Sqlite;
using Vibe.Actors.Storage;

namespace Vibe.Actors.Tests.Storage;

public sealed class SqliteGrainStorageTests : GrainStorageContractTests, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"vibe-storage-{Guid.NewGuid():N}.db");

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _path }.ToString();

    protected override async Task<IGrainStorage> CreateStorageAsync(string serviceId)
    {
        var storage = new SqliteGrainStorage(ConnectionString, serviceId, new JsonGrainStateSerializer());
        await storage.InitializeAsync(CancellationToken.None);
        return storage;
    }

    [Fact]
    public async Task StateSurvivesClosingAndReopeningTheFile()
    {
        var written = await WriteNewAsync(await CreateStorageAsync(), 42);
        SqliteConnection.ClearPool(new SqliteConnection(ConnectionString));

        var reopened = await CreateStorageAsync();
        var read = await ReadAsync(reopened);

        Assert.True(read.RecordExists);
        Assert.Equal(42, read.State.Count);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task TheFileIsInWriteAheadLogMode()
    {
        await CreateStorageAsync();

        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", await command.ExecuteScalarAsync());
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
