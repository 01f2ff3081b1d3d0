using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Vibe.Hosting;

/// <summary>
/// The directory holding the SQLite database. Opening it checks that it can be written and locks it, so two
/// silos never share one database (each would activate the same grains and fight over their state).
/// </summary>
public sealed class DataDirectory : IDisposable
{
    private const string DatabaseFileName = "vibe.db";
    private const string LockFileName = "vibe.lock";
    private const string Remedy = "Set Vibe:DataDirectory (environment variable Vibe__DataDirectory, or --Vibe:DataDirectory DIR) to a directory this user can write.";

    private readonly string? _invalidReason;
    private FileStream? _lock;

    private DataDirectory(string path, string? invalidReason)
    {
        Path = path;
        _invalidReason = invalidReason;
    }

    /// <summary>The full path of the directory.</summary>
    public string Path { get; }

    /// <summary>The SQLite connection string of the database in the directory.</summary>
    public string ConnectionString => new SqliteConnectionStringBuilder { DataSource = System.IO.Path.Combine(Path, DatabaseFileName) }.ConnectionString;

    /// <summary>Resolves <paramref name="configured"/> against the current directory; problems are reported by <see cref="TryOpen"/>.</summary>
    public static DataDirectory Resolve(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return new DataDirectory(Environment.CurrentDirectory, "Vibe:DataDirectory is empty. " + Remedy);
        }

        try
        {
            return new DataDirectory(System.IO.Path.GetFullPath(configured, Environment.CurrentDirectory), null);
        }
        catch (ArgumentException exception)
        {
            return new DataDirectory(Environment.CurrentDirectory, $"Vibe:DataDirectory '{configured}' is not a usable path: {exception.Message} {Remedy}");
        }
    }

    /// <summary>Creates the directory if needed, checks that it is writable and takes its lock.</summary>
    public bool TryOpen([NotNullWhen(false)] out string? problem)
    {
        problem = _invalidReason;
        if (problem is not null)
        {
            return false;
        }

        try
        {
            Directory.CreateDirectory(Path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            problem = $"The data directory {Path} cannot be created: {exception.Message} {Remedy}";
            return false;
        }

        var probe = System.IO.Path.Combine(Path, $".write-test-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            problem = $"The data directory {Path} is not writable: {exception.Message} {Remedy}";
            return false;
        }

        var lockPath = System.IO.Path.Combine(Path, LockFileName);
        try
        {
            // FileShare.None takes an exclusive advisory lock that the kernel drops when this process ends, however it ends.
            _lock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            problem = $"The data directory {Path} is in use by another Vibe process (it holds {lockPath}). Stop that process, or give this one its own directory: {Remedy}";
            return false;
        }

        return true;
    }

    public void Dispose() => _lock?.Dispose();
}
