namespace Vibe.Cli.Terminal;

/// <summary>The size of the terminal vibe runs in, from the kernel (TIOCGWINSZ on stdout, else stdin).</summary>
internal static unsafe class TerminalSize
{
    public static (int Columns, int Rows) Current()
    {
        if (OperatingSystem.IsLinux())
        {
            var size = stackalloc ushort[4];
            foreach (var fd in (ReadOnlySpan<int>)[1, 0, 2])
            {
                if (Libc.ioctl(fd, Libc.TiocGWinSz, size) == 0 && size[0] > 0 && size[1] > 0)
                {
                    return (size[1], size[0]);
                }
            }
        }

        return (80, 24);
    }
}
