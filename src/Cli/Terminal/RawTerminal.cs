using System.Runtime.InteropServices;

namespace Vibe.Cli.Terminal;

/// <summary>
/// Puts the terminal on stdin into raw mode (no echo, no line editing, no signals from Ctrl+C or Ctrl+Z: every key goes to
/// the remote shell) until disposed, which restores the settings it found. A no-op when stdin is not a terminal.
/// </summary>
internal sealed unsafe class RawTerminal : IDisposable
{
    private const int StdinFd = 0;

    private readonly byte[]? _saved;

    private RawTerminal(byte[]? saved) => _saved = saved;

    public static RawTerminal Enter()
    {
        if ((!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) || Libc.isatty(StdinFd) != 1)
        {
            return new RawTerminal(null);
        }

        var saved = new byte[Libc.TermiosBufferSize];
        var raw = new byte[Libc.TermiosBufferSize];
        fixed (byte* savedPointer = saved)
        fixed (byte* rawPointer = raw)
        {
            if (Libc.tcgetattr(StdinFd, savedPointer) != 0)
            {
                throw new CliException($"Cannot read the terminal's settings (errno {Marshal.GetLastPInvokeError()}).");
            }

            saved.CopyTo(raw, 0);
            Libc.cfmakeraw(rawPointer);
            if (Libc.tcsetattr(StdinFd, Libc.TcsaNow, rawPointer) != 0)
            {
                throw new CliException($"Cannot put the terminal in raw mode (errno {Marshal.GetLastPInvokeError()}).");
            }
        }

        return new RawTerminal(saved);
    }

    public void Dispose()
    {
        if (_saved is null)
        {
            return;
        }

        fixed (byte* savedPointer = _saved)
        {
            _ = Libc.tcsetattr(StdinFd, Libc.TcsaNow, savedPointer);
        }
    }
}
