using System.Collections.Concurrent;
using System.Globalization;
using Vibe.Bench.Workspaces;
using Vibe.TestSupport;

namespace Vibe.Bench.Hubs;

/// <summary>When each line arrived by each path, in ms after it was written.</summary>
internal sealed class LogLatencyArrivals(string marker, string probe, string dockerLogs)
{
    private readonly ConcurrentDictionary<int, double> _hub = new();
    private readonly ConcurrentDictionary<int, double> _docker = new();
    private readonly ConcurrentDictionary<int, double> _dockerStamp = new();
    private volatile bool _probeByHub;
    private volatile bool _probeByDocker;

    public bool ProbeSeenByBoth => _probeByHub && _probeByDocker;

    public bool HasAll(int total) => _hub.Count >= total && _docker.Count >= total;

    public void Record(HubClientEvent e)
    {
        if (e.Kind == "log")
        {
            var line = e.Arg.GetProperty("text").GetString() ?? "";
            _probeByHub |= line == probe;
            if (TryParse(line, out var seq, out var writtenAt))
            {
                _hub[seq] = e.At - writtenAt;
                if (e.Arg.GetProperty("timestamp").GetString() is { } stamp)
                {
                    _dockerStamp[seq] = (DateTimeOffset.Parse(stamp, CultureInfo.InvariantCulture) - DateTimeOffset.UnixEpoch).TotalMilliseconds - writtenAt;
                }
            }
        }
        else if (e.Kind == "line" && e.Name == dockerLogs)
        {
            var line = e.Text ?? "";
            _probeByDocker |= line == probe;
            if (TryParse(line, out var seq, out var writtenAt))
            {
                _docker[seq] = e.At - writtenAt;
            }
        }
    }

    /// <summary>The latencies of the lines from <paramref name="warmUp"/> on: by the hub, by docker logs -f, and dockerd's own stamp.</summary>
    public (Samples Hub, Samples Docker, Samples DockerdStamp) Measured(int warmUp) =>
        (Measured(_hub, warmUp), Measured(_docker, warmUp), Measured(_dockerStamp, warmUp));

    private static Samples Measured(ConcurrentDictionary<int, double> latencies, int warmUp)
    {
        var samples = new Samples();
        foreach (var (seq, milliseconds) in latencies)
        {
            if (seq >= warmUp)
            {
                samples.Add(TimeSpan.FromMilliseconds(milliseconds));
            }
        }

        return samples;
    }

    /// <summary>Reads "vibe-bench SEQ SECONDS MICROSECONDS": the sequence number and when the line was written, in Unix ms.</summary>
    private bool TryParse(string line, out int seq, out double writtenAt)
    {
        seq = 0;
        writtenAt = 0;
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 4 || parts[0] != marker
            || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out seq)
            || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var seconds)
            || !long.TryParse(parts[3], CultureInfo.InvariantCulture, out var microseconds))
        {
            return false;
        }

        writtenAt = (seconds * 1000.0) + (microseconds / 1000.0);
        return true;
    }
}
