using System.Runtime.InteropServices;

namespace Vibe.Docker.Runtime;

/// <summary>
/// Gives a host directory to the container's user, so the bind mount at /workspace is writable inside. .NET has no chown;
/// this calls libc's <c>lchown</c> (which never follows a symlink) and makes the directory 0700, so no other local user reads a
/// workspace's files or runs a setuid program made in it. Only root may give files away: otherwise the directory is made
/// world-writable instead, which is what a developer running the silo as themselves needs.
/// </summary>
internal static class HostDirectoryOwnership
{
    private const UnixFileMode OwnerDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode SharedDirectoryMode = OwnerDirectoryMode |
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates <paramref name="path"/> if needed and makes it writable by <paramref name="userId"/>:<paramref name="groupId"/>.</summary>
    public static void Prepare(string path, int userId, int groupId)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Workspace containers need a Linux host: the workspace directory is bind-mounted into a Linux container.");
        }

        Directory.CreateDirectory(path);
        if (!Environment.IsPrivilegedProcess)
        {
            File.SetUnixFileMode(path, SharedDirectoryMode);
            return;
        }

        if (LChown(path, (uint)userId, (uint)groupId) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Could not give {path} to {userId}:{groupId}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }

        File.SetUnixFileMode(path, OwnerDirectoryMode);
    }

    // DllImport rather than LibraryImport: the latter's generated marshalling needs AllowUnsafeBlocks in this project.
    [DllImport("libc", EntryPoint = "lchown", SetLastError = true)]
    private static extern int LChown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint owner, uint group);
}
