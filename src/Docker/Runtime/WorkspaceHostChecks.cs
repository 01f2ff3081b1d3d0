using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Vibe.Docker.Runtime;

/// <summary>
/// What the host must guarantee before workspaces run on it (issue 18 item 8): the workspace uid belongs to no host user or group,
/// and the mount holding the workspaces' root has <c>nosuid,nodev</c>, so a setuid program or device node made in a workspace
/// is inert on the host.
/// </summary>
public static class WorkspaceHostChecks
{
    private const ulong MsRdonly = 1, MsNosuid = 2, MsNodev = 4, MsNoexec = 8, MsRemount = 32, MsBind = 4096;
    private const ulong MsNoatime = 1024, MsNodiratime = 2048, MsRelatime = 1 << 21, MsStrictatime = 1 << 24;
    private const int MntDetach = 2;

    /// <summary>
    /// The problem as a sentence when <paramref name="userId"/> is a user's uid in <paramref name="passwdPath"/> or a group's gid
    /// in <paramref name="groupPath"/>; null when it is free.
    /// </summary>
    public static string? FindIdInUse(int userId, string passwdPath = "/etc/passwd", string groupPath = "/etc/group")
    {
        var id = userId.ToString(CultureInfo.InvariantCulture);
        foreach (var (path, kind) in new[] { (passwdPath, "user"), (groupPath, "group") })
        {
            if (!File.Exists(path))
            {
                continue;
            }

            foreach (var line in File.ReadLines(path))
            {
                var fields = line.Split(':');
                if (fields.Length > 2 && fields[2] == id)
                {
                    return $"Vibe:Workspaces:UserId is {id}, which is the host {kind} '{fields[0]}' in {path}: workspaces would run as that {kind} and own its files. Set Vibe:Workspaces:UserId to an id no host user or group has (the default is {ContainerRuntimeOptions.DefaultUserId}).";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Makes sure the mount holding <paramref name="root"/> (created if missing) has <c>nosuid</c> and <c>nodev</c>. When it lacks
    /// them and the process is root, bind-mounts <paramref name="root"/> onto itself and remounts that with both, and
    /// <paramref name="mounted"/> is true (undo it with <see cref="Unmount"/>). Returns the problem as a sentence, or null.
    /// </summary>
    public static string? EnsureNoSuidMount(string root, out bool mounted)
    {
        mounted = false;
        Directory.CreateDirectory(root);
        var path = Path.GetFullPath(ResolveLinks(root)).TrimEnd('/');
        if (path.Length == 0)
        {
            path = "/";
        }

        var mount = FindMount(path, File.ReadAllLines("/proc/self/mountinfo"));
        if (mount is null || (mount.Value.Options.Contains("nosuid") && mount.Value.Options.Contains("nodev")))
        {
            return null;
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return $"The workspaces' directory {path} is on the mount {mount.Value.MountPoint}, which lacks nosuid,nodev: a setuid program or device node made in a workspace would work on the host. Mount it with nosuid,nodev (for example `mount --bind {path} {path} && mount -o remount,bind,nosuid,nodev {path}`), run Vibe as root to let it do so, or set Vibe:Workspaces:AllowSuidMount=true (insecure).";
        }

        var flags = MsRemount | MsBind | MsNosuid | MsNodev | KeptFlags(mount.Value.Options);
        if (mount.Value.MountPoint != path)
        {
            if (Mount(path, path, null, MsBind, IntPtr.Zero) != 0)
            {
                return MountFailed("bind-mount", path);
            }

            mounted = true;
        }

        if (Mount("none", path, null, flags, IntPtr.Zero) != 0)
        {
            var problem = MountFailed("remount nosuid,nodev", path);
            if (mounted)
            {
                Unmount(path);
                mounted = false;
            }

            return problem;
        }

        return null;
    }

    /// <summary>Detaches the mount <see cref="EnsureNoSuidMount"/> made at <paramref name="root"/>.</summary>
    public static void Unmount(string root) => _ = Umount2(Path.GetFullPath(ResolveLinks(root)).TrimEnd('/'), MntDetach);

    /// <summary>The mount point and per-mount options of the mount holding <paramref name="path"/>, from mountinfo lines.</summary>
    public static (string MountPoint, string[] Options)? FindMount(string path, IEnumerable<string> mountinfo)
    {
        (string MountPoint, string[] Options)? best = null;
        foreach (var line in mountinfo)
        {
            // "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw": field 5 is the mount point, 6 its options.
            var fields = line.Split(' ');
            if (fields.Length < 6)
            {
                continue;
            }

            var mountPoint = Unescape(fields[4]);
            var contains = mountPoint == "/" || path == mountPoint || path.StartsWith(mountPoint + "/", StringComparison.Ordinal);
            // Later lines are mounted over earlier ones, so the last of the longest wins.
            if (contains && (best is null || mountPoint.Length >= best.Value.MountPoint.Length))
            {
                best = (mountPoint, fields[5].Split(','));
            }
        }

        return best;
    }

    private static ulong KeptFlags(string[] options)
    {
        ulong flags = 0;
        foreach (var option in options)
        {
            flags |= option switch
            {
                "ro" => MsRdonly,
                "noexec" => MsNoexec,
                "noatime" => MsNoatime,
                "nodiratime" => MsNodiratime,
                "relatime" => MsRelatime,
                "strictatime" => MsStrictatime,
                _ => 0,
            };
        }

        return flags;
    }

    private static string MountFailed(string what, string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        return $"Could not {what} the workspaces' directory {path}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}). Mount it with nosuid,nodev yourself, or set Vibe:Workspaces:AllowSuidMount=true (insecure).";
    }

    private static string ResolveLinks(string path) =>
        new DirectoryInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;

    // mountinfo escapes space, tab, newline and backslash as \ooo.
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && int.TryParse(field.AsSpan(i + 1, 3), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }

        return text.ToString();
    }

    // DllImport rather than LibraryImport, as in HostDirectoryOwnership.
    [DllImport("libc", EntryPoint = "mount", SetLastError = true)]
    private static extern int Mount([MarshalAs(UnmanagedType.LPUTF8Str)] string source, [MarshalAs(UnmanagedType.LPUTF8Str)] string target, [MarshalAs(UnmanagedType.LPUTF8Str)] string? type, ulong flags, IntPtr data);

    [DllImport("libc", EntryPoint = "umount2", SetLastError = true)]
    private static extern int Umount2([MarshalAs(UnmanagedType.LPUTF8Str)] string target, int flags);
}
