using System.Text.Json;
using Vibe.Cli.Api;

namespace Vibe.Cli.Auth;

/// <summary>
/// The credentials file, <c>$XDG_CONFIG_HOME/vibe/credentials.json</c> (<c>~/.config/vibe/credentials.json</c> without
/// it), readable by its owner only (0600, in a 0700 directory). Writes replace the file whole (write aside, then rename),
/// so a reader never sees half of one. Refresh tokens are single-use, so refreshing happens under <see cref="LockAsync"/>:
/// two vibe commands started together refresh once, not twice (which would revoke the session).
/// </summary>
internal sealed class CredentialStore(string directory)
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    public string FilePath { get; } = Path.Combine(directory, "credentials.json");

    private string LockPath { get; } = Path.Combine(directory, "credentials.lock");

    /// <summary>The store of the current user: XDG_CONFIG_HOME when it is an absolute path, else ~/.config.</summary>
    public static CredentialStore ForCurrentUser()
    {
        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(config) || !Path.IsPathRooted(config))
        {
            var home = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            config = Path.Combine(home, ".config");
        }

        return new CredentialStore(Path.Combine(config, "vibe"));
    }

    /// <summary>The saved credentials, or null when nobody is signed in.</summary>
    public Credentials? Load()
    {
        try
        {
            var json = File.ReadAllBytes(FilePath);
            return JsonSerializer.Deserialize(json, CliJson.Default.Credentials)
                ?? throw new CliException($"The credentials file {FilePath} is empty; sign in again with `vibe login URL`.");
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (JsonException)
        {
            throw new CliException($"The credentials file {FilePath} is damaged; delete it and sign in again with `vibe login URL`.");
        }
    }

    public void Save(Credentials credentials)
    {
        Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        var temporary = $"{FilePath}.{Environment.ProcessId}.tmp";
        using (var file = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = OwnerOnlyFile,
        }))
        {
            JsonSerializer.Serialize(file, credentials, CliJson.Default.Credentials);
        }

        // Create honours the mode only for a new file; a leftover temporary file keeps its own.
        File.SetUnixFileMode(temporary, OwnerOnlyFile);
        File.Move(temporary, FilePath, overwrite: true);
    }

    public void Delete() => File.Delete(FilePath);

    /// <summary>Holds the credentials lock (an exclusive lock on a file beside them) until disposed; waits for another vibe holding it.</summary>
    public async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(LockPath, new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.None,
                    UnixCreateMode = OwnerOnlyFile,
                });
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Another vibe is refreshing; its lock is a flock, which has no waiting open in .NET.
                await Task.Delay(50, cancellationToken);
            }
            catch (IOException)
            {
                throw new CliException($"Another vibe command has held {LockPath} for {LockTimeout.TotalSeconds:0} s; if none runs, delete that file.");
            }
        }
    }
}
