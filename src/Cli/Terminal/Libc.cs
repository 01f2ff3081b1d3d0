using System.Runtime.InteropServices;

namespace Vibe.Cli.Terminal;

/// <summary>The C library's terminal calls: termios for raw mode, TIOCGWINSZ for the window size.</summary>
internal static unsafe partial class Libc
{
    /// <summary>Room for glibc's and musl's struct termios (60 bytes on Linux) whatever the architecture: it is only passed back.</summary>
    public const int TermiosBufferSize = 256;

    public const int TcsaNow = 0;

    /// <summary>ioctl request for the window size, the same on Linux x86-64 and arm64.</summary>
    public const nuint TiocGWinSz = 0x5413;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int tcgetattr(int fd, byte* termios);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int tcsetattr(int fd, int optionalActions, byte* termios);

    [LibraryImport("libc")]
    public static partial void cfmakeraw(byte* termios);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int ioctl(int fd, nuint request, ushort* windowSize);

    [LibraryImport("libc")]
    public static partial int isatty(int fd);
}
