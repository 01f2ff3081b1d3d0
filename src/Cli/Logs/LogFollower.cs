using Vibe.Cli.Api.Models;

namespace Vibe.Cli.Logs;

/// <summary>
/// Joins the log lines read with <c>GET .../logs</c> (the backlog) and those the hub pushes, which start before the
/// backlog is read so nothing falls between them: pushed lines are held until the backlog is in, then those it already
/// holds (same time, stream and text; or older than its last line) are dropped.
/// </summary>
internal sealed class LogFollower(Action<LogEntry> write)
{
    private readonly Lock _lock = new();
    private List<LogEntry>? _early = [];
    private HashSet<LogEntry> _backlogTail = [];
    private DateTimeOffset? _backlogEnd;

    public void Backlog(IReadOnlyList<LogEntry> lines)
    {
        lock (_lock)
        {
            foreach (var line in lines)
            {
                write(line);
            }

            _backlogEnd = lines.Count > 0 ? lines[^1].Timestamp : null;
            _backlogTail = _backlogEnd is { } end ? lines.Where(l => l.Timestamp == end).ToHashSet() : [];
            var early = _early ?? [];
            _early = null;
            foreach (var line in early)
            {
                Pushed(line);
            }
        }
    }

    public void Pushed(LogEntry line)
    {
        lock (_lock)
        {
            if (_early is not null)
            {
                _early.Add(line);
                return;
            }

            if (_backlogEnd is { } end && line.Timestamp is { } at && (at < end || (at == end && _backlogTail.Contains(line))))
            {
                return;
            }

            write(line);
        }
    }
}
