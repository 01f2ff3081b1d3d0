using System.Runtime.InteropServices;

namespace Vibe.Grains.Workspaces.Files;

/// <summary>
/// The libc calls the confined file API needs and .NET does not offer: <c>openat2</c> with <c>RESOLVE_BENEATH</c> (Linux 5.6+),
/// the <c>*at</c> family relative to a directory descriptor, <c>fchown</c> and <c>statx</c>. DllImport rather than
/// LibraryImport keeps unsafe code out of this project; every signature is blittable apart from UTF-8 path strings.
/// </summary>
internal static class LinuxFileCalls
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EACCES = 13;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ENOSPC = 28;
    public const int ENAMETOOLONG = 36;
    public const int ENOSYS = 38;
    public const int ENOTEMPTY = 39;
    public const int ELOOP = 40;
    public const int EDQUOT = 122;

    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;
    public const int O_PATH = 0x200000;

    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const int AT_REMOVEDIR = 0x200;
    public const int AT_EMPTY_PATH = 0x1000;

    public const uint RENAME_NOREPLACE = 1;

    public const ulong RESOLVE_NO_MAGICLINKS = 0x02;
    public const ulong RESOLVE_BENEATH = 0x08;

    public const uint STATX_TYPE = 0x1;
    public const uint STATX_MODE = 0x2;
    public const uint STATX_MTIME = 0x40;
    public const uint STATX_INO = 0x100;
    public const uint STATX_SIZE = 0x200;

    public const int S_IFMT = 0xF000;
    public const int S_IFDIR = 0x4000;
    public const int S_IFREG = 0x8000;
    public const int S_IFLNK = 0xA000;

    // openat2 has the same number on every architecture (it came after the syscall tables were unified).
    private const long SysOpenat2 = 437;

    private static readonly bool IsArm = RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64;

    /// <summary>O_DIRECTORY differs between x86 and ARM.</summary>
    public static int O_DIRECTORY => IsArm ? 0x4000 : 0x10000;

    /// <summary>O_NOFOLLOW differs between x86 and ARM.</summary>
    public static int O_NOFOLLOW => IsArm ? 0x8000 : 0x20000;

    /// <summary>The argument of openat2.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    /// <summary>The parts of <c>struct statx</c> (256 bytes, the same layout on every architecture) that are read.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    public struct StatX
    {
        [FieldOffset(0)]
        public uint Mask;

        [FieldOffset(28)]
        public ushort Mode;

        [FieldOffset(32)]
        public ulong Inode;

        [FieldOffset(40)]
        public ulong Size;

        [FieldOffset(112)]
        public long ModifiedSeconds;

        [FieldOffset(120)]
        public uint ModifiedNanoseconds;
    }

    /// <summary>openat2(2). syscall(2) is variadic; passing integer and pointer arguments to it this way is sound on x86-64 and arm64 Linux.</summary>
    public static int OpenAt2(int directory, string path, ref OpenHow how) =>
        (int)Syscall(SysOpenat2, directory, path, ref how, (nuint)Marshal.SizeOf<OpenHow>());

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern long Syscall(long number, int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, ref OpenHow how, nuint size);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mode);

    [DllImport("libc", EntryPoint = "openat", SetLastError = true)]
    public static extern int OpenAt(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mode);

    [DllImport("libc", EntryPoint = "mkdirat", SetLastError = true)]
    public static extern int MkdirAt(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);

    [DllImport("libc", EntryPoint = "unlinkat", SetLastError = true)]
    public static extern int UnlinkAt(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "renameat2", SetLastError = true)]
    public static extern int RenameAt2(int fromDirectory, [MarshalAs(UnmanagedType.LPUTF8Str)] string from, int toDirectory, [MarshalAs(UnmanagedType.LPUTF8Str)] string to, uint flags);

    [DllImport("libc", EntryPoint = "fchown", SetLastError = true)]
    public static extern int FChown(int fd, uint owner, uint group);

    [DllImport("libc", EntryPoint = "fchownat", SetLastError = true)]
    public static extern int FChownAt(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint owner, uint group, int flags);

    [DllImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    public static extern int FChmod(int fd, uint mode);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    public static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, out StatX result);
}
