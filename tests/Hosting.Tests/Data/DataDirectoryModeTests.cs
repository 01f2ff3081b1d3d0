using System.Runtime.Versioning;
using Microsoft.Data.Sqlite;

namespace Vibe.Hosting.Tests.Data;

/// <summary>The data directory holds the token signing key: only the service user may read anything in it (issue 18 item 7).</summary>
[UnsupportedOSPlatform("windows")]
public sealed class DataDirectoryModeTests : IDisposable
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnlyFile | UnixFileMode.UserExecute;
    private const UnixFileMode Shared = OwnerOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly string _parent = Directory.CreateTempSubdirectory("vibe-data-modes-").FullName;

    [Fact]
    public void A_new_data_directory_and_the_database_with_its_wal_and_shm_files_are_the_owners_alone()
    {
        var path = Path.Combine(_parent, "data");
        using var directory = DataDirectory.Resolve(path);

        Assert.True(directory.TryOpen(out var problem), problem);
        using (var connection = new SqliteConnection(directory.ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1);";
            command.ExecuteNonQuery();
            Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(path));
            foreach (var file in new[] { "vibe.db", "vibe.db-wal", "vibe.db-shm", "vibe.lock" })
            {
                Assert.Equal((file, OwnerOnlyFile), (file, File.GetUnixFileMode(Path.Combine(path, file))));
            }
        }

        Assert.Empty(directory.TightenedModes);
    }

    [Fact]
    public void Opening_a_directory_others_can_read_makes_it_and_its_files_private_and_says_so()
    {
        var path = Path.Combine(_parent, "loose");
        Directory.CreateDirectory(Path.Combine(path, "workspaces"));
        File.WriteAllText(Path.Combine(path, "vibe.db"), "");
        File.WriteAllText(Path.Combine(path, "vibe.db-wal"), "");
        foreach (var entry in new[] { path, Path.Combine(path, "workspaces") })
        {
            File.SetUnixFileMode(entry, Shared);
        }

        File.SetUnixFileMode(Path.Combine(path, "vibe.db"), Shared & ~UnixFileMode.UserExecute & ~UnixFileMode.GroupExecute & ~UnixFileMode.OtherExecute);
        using var directory = DataDirectory.Resolve(path);

        Assert.True(directory.TryOpen(out var problem), problem);

        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(path));
        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(Path.Combine(path, "workspaces")));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(path, "vibe.db")));
        Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(Path.Combine(path, "vibe.db-wal")));
        Assert.Contains(directory.TightenedModes, change => change == $"{Path.Combine(path, "vibe.db")} was readable or writable by others (0644): it is now 0600");
        Assert.Contains(directory.TightenedModes, change => change == $"{path} was readable or writable by others (0755): it is now 0700");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_parent, recursive: true);
    }
}
