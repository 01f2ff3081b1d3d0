using System.Diagnostics.CodeAnalysis;
using System.Runtime.Versioning;
using Microsoft.Data.Sqlite;

namespace Vibe.Hosting;

/// <summary>
/// The directory holding the SQLite database. Opening it checks that it can be written and locks it, so two
/// silos never share one database (each would activate the same grains and fight over their state). It holds the token
/// signing key and every user's data, so it is the service user's alone: the directory 0700 and everything in it 0600 (0700
/// for directories); opening it tightens looser modes and lists what it changed in <see cref="TightenedModes"/>.
/// </summary>
public sealed class DataDirectory : IDisposable
{
    private const string DatabaseFileName = "vibe.db";
    private const string LockFileName = "vibe.lock";
    private const string Remedy = "Set Vibe:DataDirectory (environment variable Vibe__DataDirectory, or --Vibe:DataDirectory DIR) to a directory this user can write.";

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnlyFile | UnixFileMode.UserExecute;
    private const UnixFileMode GroupAndOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly string? _invalidReason;
    private readonly List<string> _tightened = [];
    private FileStream? _lock;

    private DataDirectory(string path, string? invalidReason)
    {
        Path = path;
        _invalidReason = invalidReason;
    }

    /// <summary>The full path of the directory.</summary>
    public string Path { get; }

    /// <summary>What <see cref="TryOpen"/> found readable by others and made the owner's alone, one sentence each (to log as warnings).</summary>
    public IReadOnlyList<string> TightenedModes => _tightened;

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
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(Path);
            }
            else
            {
                Directory.CreateDirectory(Path, OwnerOnlyDirectory);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            problem = $"The data directory {Path} cannot be created: {exception.Message} {Remedy}";
            return false;
        }

        try
        {
            Protect();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            problem = $"The data directory {Path} cannot be made private to this user (0700, files 0600): {exception.Message} {Remedy}";
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
            _lock = new FileStream(lockPath, OwnerOnly(new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None }));
        }
        catch (IOException)
        {
            problem = $"The data directory {Path} is in use by another Vibe process (it holds {lockPath}). Stop that process, or give this one its own directory: {Remedy}";
            return false;
        }

        return true;
    }

    public void Dispose() => _lock?.Dispose();

    /// <summary>
    /// Makes the directory 0700 and what lies directly in it 0600 (directories 0700), and creates the database file 0600 if it
    /// is missing: SQLite gives its -wal and -shm files the database file's mode, so they are born private too.
    /// </summary>
    private void Protect()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Tighten(Path, OwnerOnlyDirectory);
        var database = System.IO.Path.Combine(Path, DatabaseFileName);
        if (!File.Exists(database))
        {
            try
            {
                using var created = new FileStream(database, OwnerOnly(new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write }));
            }
            catch (IOException) when (File.Exists(database))
            {
                // Created meanwhile; its mode is checked below.
            }
        }

        foreach (var entry in new DirectoryInfo(Path).EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is null)
            {
                Tighten(entry.FullName, entry is DirectoryInfo ? OwnerOnlyDirectory : OwnerOnlyFile);
            }
        }
    }

    [UnsupportedOSPlatform("windows")]
    private void Tighten(string path, UnixFileMode wanted)
    {
        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupAndOther) != 0)
        {
            File.SetUnixFileMode(path, mode & ~GroupAndOther & (wanted | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
            _tightened.Add($"{path} was readable or writable by others ({Octal(mode)}): it is now {Octal(File.GetUnixFileMode(path))}");
        }
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0b111_111_111, 8);

    private static FileStreamOptions OwnerOnly(FileStreamOptions options)
    {
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        return options;
    }
}
