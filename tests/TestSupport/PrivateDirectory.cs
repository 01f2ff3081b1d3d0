using System.Diagnostics;
using System.Globalization;

namespace Vibe.TestSupport;

/// <summary>
/// Temporary directories that a test process owns (its pid in owner.pid), so that a later run can find and remove the
/// servers a process left behind when it died without disposing them.
/// </summary>
internal static class PrivateDirectory
{
    private const string OwnerFileName = "owner.pid";

    /// <summary>Creates a fresh directory under the temporary directory, owned by this process.</summary>
    public static async Task<string> CreateAsync(string prefix, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, OwnerFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture), cancellationToken);
        return directory;
    }

    /// <summary>The directories named <paramref name="prefix"/>* whose owner process no longer runs.</summary>
    public static async Task<IReadOnlyList<string>> FindAbandonedAsync(string prefix)
    {
        var abandoned = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), prefix + "*"))
        {
            string owner;
            try
            {
                owner = await File.ReadAllTextAsync(Path.Combine(directory, OwnerFileName));
            }
            catch (IOException)
            {
                continue; // being created or removed by another process right now
            }

            if (int.TryParse(owner, CultureInfo.InvariantCulture, out var pid) && !IsRunning(pid))
            {
                abandoned.Add(directory);
            }
        }

        return abandoned;
    }

    /// <summary>Deletes a directory; a file still held by an exiting process leaves it for the next run.</summary>
    public static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
