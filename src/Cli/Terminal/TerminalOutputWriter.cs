namespace Vibe.Cli.Terminal;

/// <summary>
/// Writes a terminal session's output once and in order: the scrollback from attaching, then the output events past its
/// end. Events that arrive before the attach answer are held until it does; events the scrollback already holds are
/// dropped, and one that straddles its end is trimmed (offsets count UTF-16 characters of the session's whole output).
/// </summary>
internal sealed class TerminalOutputWriter(Action<string> write)
{
    private readonly Lock _lock = new();
    private List<(long Offset, string Data)>? _early = [];
    private long _next;

    public void Attach(string scrollback, long endOffset)
    {
        lock (_lock)
        {
            if (_early is null)
            {
                throw new InvalidOperationException("The session is attached already.");
            }

            if (scrollback.Length > 0)
            {
                write(scrollback);
            }

            _next = endOffset;
            var early = _early;
            _early = null;
            foreach (var (offset, data) in early)
            {
                WriteFrom(offset, data);
            }
        }
    }

    public void Output(long offset, string data)
    {
        lock (_lock)
        {
            if (_early is not null)
            {
                _early.Add((offset, data));
                return;
            }

            WriteFrom(offset, data);
        }
    }

    private void WriteFrom(long offset, string data)
    {
        var end = offset + data.Length;
        if (end <= _next)
        {
            return;
        }

        var skip = (int)Math.Max(0, _next - offset);
        write(skip == 0 ? data : data[skip..]);
        _next = end;
    }
}
