using System.IO.Enumeration;

namespace Vibe.Grains.Workspaces;

/// <summary>
/// Measures a workspace directory on the host, as <c>du</c> would count file sizes: overlay2 on ext4 has no per-container
/// size option, and /workspace is a bind mount anyway, so the quota is checked by walking the files.
/// </summary>
internal static class WorkspaceDiskUsage
{
    /// <summary>
    /// The bytes of the files under <paramref name="directory"/>, without following symbolic links; the walk stops early
    /// once the sum passes <paramref name="stopAbove"/> (the result is then some value above it).
    /// </summary>
    public static long Measure(string directory, long stopAbove)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var files = new FileSystemEnumerable<long>(directory, static (ref FileSystemEntry entry) => entry.Length, new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = 0,
        })
        {
            ShouldIncludePredicate = static (ref FileSystemEntry entry) => !entry.IsDirectory && (entry.Attributes & FileAttributes.ReparsePoint) == 0,
            ShouldRecursePredicate = static (ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
        };

        long total = 0;
        foreach (var length in files)
        {
            total += length;
            if (total > stopAbove)
            {
                break;
            }
        }

        return total;
    }
}
