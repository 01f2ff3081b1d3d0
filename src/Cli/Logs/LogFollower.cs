using Vibe.Cli.Api.Models;

namespace Vibe.Cli.Logs;

/// <summary>
/// Joins the log lines read with <c>GET .../logs</c> and those the hub pushes into one stream without repeats: pushed
/// lines that arrive before the first read (the hub is joined first, so nothing falls in between) are held until it is
/// in, and every line older than the last one written, or as old and written already, is dropped. Reading the tail
/// again (after a reconnection without a stream position, or a "streamReset") catches up the same way: <see cref="Hold"/>
/// first, so that a line pushed before the tail is in does not make the tail's older lines look like repeats.
/// </summary>
internal sealed class LogFollower(Action<LogEntry> write)
{
    private readonly Lock _lock = new();
    private readonly HashSet<LogEntry> _writtenAtLast = [];
    private List<LogEntry>? _early = [];
    private DateTimeOffset? _last;

    /// <summary>Lines read from the server (the first read ends the holding of pushed lines).</summary>
    public void Read(IReadOnlyList<LogEntry> lines)
    {
        lock (_lock)
        {
            foreach (var line in lines)
            {
                Offer(line);
            }

            if (_early is { } early)
            {
                _early = null;
                foreach (var line in early)
                {
                    Offer(line);
                }
            }
        }
    }

    /// <summary>Holds pushed lines until the next <see cref="Read"/>: call it before subscribing again, then read the tail.</summary>
    public void Hold()
    {
        lock (_lock)
        {
            _early ??= [];
        }
    }

    public void Pushed(LogEntry line)
    {
        lock (_lock)
        {
            if (_early is not null)
            {
                _early.Add(line);
            }
            else
            {
                Offer(line);
            }
        }
    }

    private void Offer(LogEntry line)
    {
        if (line.Timestamp is not { } at)
        {
            write(line);
            return;
        }

        if (_last is { } last && (at < last || (at == last && _writtenAtLast.Contains(line))))
        {
            return;
        }

        write(line);
        if (_last != at)
        {
            _last = at;
            _writtenAtLast.Clear();
        }

        _writtenAtLast.Add(line);
    }
}
