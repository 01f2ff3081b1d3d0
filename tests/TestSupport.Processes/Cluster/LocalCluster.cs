using System.Globalization;
using System.Text;

namespace Vibe.TestSupport;

/// <summary>
/// Silo processes on this machine forming one cluster (grain state in PostgreSQL, membership in Redis or PostgreSQL),
/// configured the way docs/cluster.md says: Vibe__Cluster__* environment variables, a distinct HTTP and silo port each,
/// never Orleans' default ports. Each silo's output goes to a log
/// file in <see cref="LogDirectory"/>, which is kept when the test fails. Disposing SIGKILLs whatever still runs.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly List<ClusterMember> _members = [];
    private readonly Lock _membersLock = new();
    private readonly string _program;
    private bool _keepLogs;

    /// <param name="settings">Environment variables every silo gets: the cluster's stores and any tuning.</param>
    /// <param name="program">The program its members run unless told otherwise: the Silo, or the test silo (<see cref="SiloProcess.TestSiloPath"/>).</param>
    public LocalCluster(IReadOnlyDictionary<string, string> settings, string? program = null)
    {
        _settings = settings;
        _program = program ?? SiloProcess.SiloPath;
        ClusterId = "vibe-test-" + Guid.NewGuid().ToString("N")[..8];
        LogDirectory = Path.Combine(Path.GetTempPath(), "vibe-cluster-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(LogDirectory);
    }

    public string LogDirectory { get; }

    /// <summary>This cluster's id: distinct per cluster, so clusters sharing a Redis server keep apart.</summary>
    public string ClusterId { get; }

    /// <summary>The members started so far, by name.</summary>
    public IReadOnlyList<ClusterMember> Members
    {
        get
        {
            lock (_membersLock)
            {
                return [.. _members.OrderBy(m => m.Name, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Starts silos named silo-1 ... silo-N at once and waits until each prints that it runs.</summary>
    public async Task StartAsync(int count) =>
        await Task.WhenAll(Enumerable.Range(1, count).Select(i => StartMemberAsync($"silo-{i}")));

    /// <summary>Keeps the log files after dispose (call it when the test fails).</summary>
    public void KeepLogs() => _keepLogs = true;

    /// <summary>The tail of every silo's output, for a failure message.</summary>
    public string Describe(int linesPerSilo = 60)
    {
        var text = new StringBuilder();
        foreach (var member in Members)
        {
            // The 503 answers during a failover are many and alike; the lines around them say more.
            var lines = member.Process.Output.Split('\n');
            var answered503 = lines.Count(l => l.Contains("answered 503", StringComparison.Ordinal));
            var tail = lines.Where(l => !l.Contains("answered 503", StringComparison.Ordinal)).TakeLast(linesPerSilo);
            text.Append(CultureInfo.InvariantCulture, $"----- {member.Name} (pid {member.Process.Id}, {member.Url}, silo port {member.SiloPort}, log {member.Process.LogFile}): last {linesPerSilo} lines, leaving out {answered503} \"answered 503\" lines:\n");
            text.AppendJoin('\n', tail).Append('\n');
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in Members)
        {
            await member.DisposeAsync();
        }

        if (!_keepLogs)
        {
            try
            {
                Directory.Delete(LogDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// Starts one more member named <paramref name="name"/> with <paramref name="extra"/> settings on top of the cluster's:
    /// the cluster's program, or the one at <paramref name="program"/> (WebFront).
    /// </summary>
    public async Task<ClusterMember> StartMemberAsync(string name, IReadOnlyDictionary<string, string>? extra = null, string? program = null)
    {
        // A free port can be taken between our probe and the Silo's bind: then start again on other ports.
        for (var attempt = 1; ; attempt++)
        {
            var ports = FreePort.FindMany(2);
            var url = new Uri($"http://127.0.0.1:{ports[0]}");
            var environment = new Dictionary<string, string>(_settings)
            {
                ["Vibe__Urls"] = url.ToString().TrimEnd('/'),
                ["Vibe__Silo__SiloName"] = name,
                ["Vibe__Cluster__ClusterId"] = ClusterId,
                ["Vibe__Cluster__SiloPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            };
            foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            {
                environment[key] = value;
            }

            var logFile = Path.Combine(LogDirectory, $"{name}.{attempt}.log");
            var process = SiloProcess.StartProgram(program ?? _program, environment, logFile);
            try
            {
                var banner = await process.WaitUntilRunningAsync();
                var member = new ClusterMember(name, process, url, ports[1], banner);
                lock (_membersLock)
                {
                    _members.Add(member);
                }

                return member;
            }
            catch (InvalidOperationException) when (attempt < 3 && IsPortTaken(process.Output))
            {
                await process.DisposeAsync();
            }
            catch
            {
                KeepLogs();
                await process.DisposeAsync();
                throw;
            }
        }
    }

    private static bool IsPortTaken(string output) =>
        output.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
        || output.Contains("cannot be opened", StringComparison.Ordinal);
}
