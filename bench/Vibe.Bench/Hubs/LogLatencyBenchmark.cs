using System.Diagnostics;
using System.Globalization;
using Vibe.TestSupport;

namespace Vibe.Bench.Hubs;

/// <summary>
/// log-latency: milliseconds from a line written to a workspace container's stdout to a SignalR client receiving it as a
/// "log" event, end to end through a real WebFront process: the workspace grain's log follower (Docker's logs API), the
/// grain stream, the hub's fan-out and SignalR over WebSockets to the real @microsoft/signalr client in Node. The baseline
/// is <c>docker logs -f</c> on the same container, read by the same Node process, for the same lines, in the same run.
/// A <c>docker exec</c> writes the lines to the stdout of the container's main process (/proc/1/fd/1), each stamped with
/// the container's clock (adjtimex, in microseconds) just before it is written; both readers stamp each line on arrival.
/// </summary>
internal sealed class LogLatencyBenchmark : IBenchmark
{
    private const string Client = "bench";
    private const string DockerLogs = "docker-logs";
    private const string Marker = "vibe-bench";
    private const string Probe = "vibe-bench-probe";
    private const int WarmUpLines = 50;
    private const int IntervalMilliseconds = 10;

    public string Name => "log-latency";

    public string Description => "ms from a line written in a workspace container to a SignalR client (p50/p99); baseline docker logs -f";

    public async Task<BenchmarkResult> RunAsync(BenchmarkContext context)
    {
        var measured = context.Quick ? 300 : 3000;
        await using var webFront = await WebFrontProcess.StartAsync(context.RepositoryRoot);
        var token = await webFront.RegisterFirstAccountAsync();
        var created = await webFront.SendAsync(HttpMethod.Post, "/api/v1/workspaces", new { name = "log latency", template = "blank" });
        var workspaceId = created.GetProperty("id").GetString()!;
        try
        {
            var containerId = (await webFront.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/start")).GetProperty("containerId").GetString()!;
            await using var client = await HubClientProcess.StartAsync(context.RepositoryRoot);
            var arrivals = new LogLatencyArrivals(Marker, Probe, DockerLogs);
            client.EventReceived += arrivals.Record;
            await client.ConnectAsync(Client, new Uri(webFront.BaseAddress, "/hubs/workspace"), token);
            await client.InvokeAsync(Client, "JoinWorkspace", workspaceId);
            await client.SpawnAsync(DockerLogs, ["docker", "logs", "--follow", "--tail", "0", containerId]);

            // docker logs attaches in its own time: probe until both readers see a line, so none of the measured ones is missed.
            var attached = Stopwatch.StartNew();
            while (!arrivals.ProbeSeenByBoth)
            {
                if (attached.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException("The probe line did not reach both readers within 30 s.");
                }

                await ExecAsync(containerId, $"echo {Probe} >/proc/1/fd/1");
            }

            var total = WarmUpLines + measured;
            await ExecAsync(containerId, WriterScript(total));
            var waited = Stopwatch.StartNew();
            while (!arrivals.HasAll(total) && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                // The lines are in flight; there is no single event to await for "both readers have all of them".
                await Task.Delay(50);
            }

            await client.StopProcessAsync(DockerLogs);
            var (hub, docker, dockerdStamp) = arrivals.Measured(WarmUpLines);
            return new BenchmarkResult(Name, hub.P99, "ms", docker.P99, hub.P50, hub.P99)
            {
                Notes =
                {
                    "value: p99 of the SignalR path; baseline: p99 of docker logs -f for the same lines",
                    string.Create(CultureInfo.InvariantCulture, $"{measured} lines after {WarmUpLines} warm-up lines, one every ~{IntervalMilliseconds} ms, written by docker exec to the container's stdout"),
                },
                Extra =
                {
                    ["signalr p50 ms"] = hub.P50,
                    ["signalr p99 ms"] = hub.P99,
                    ["signalr mean ms"] = hub.Mean,
                    ["docker logs -f p50 ms"] = docker.P50,
                    ["docker logs -f p99 ms"] = docker.P99,
                    ["dockerd stamp after the write, p50 ms"] = dockerdStamp.P50,
                    ["lines lost by signalr"] = measured - hub.Count,
                    ["lines lost by docker logs -f"] = measured - docker.Count,
                },
            };
        }
        finally
        {
            await webFront.SendAsync(HttpMethod.Delete, $"/api/v1/workspaces/{workspaceId}");
        }
    }

    /// <summary>
    /// Writes <paramref name="count"/> lines "vibe-bench SEQ SECONDS MICROSECONDS" to the main process's stdout, one every
    /// <see cref="IntervalMilliseconds"/> ms or so. busybox's date has no sub-second format; adjtimex reads the same clock in µs.
    /// </summary>
    private static string WriterScript(int count) => string.Create(CultureInfo.InvariantCulture, $$"""
        exec 3>/proc/1/fd/1
        i=0
        while [ $i -lt {{count}} ]; do
          t=$(adjtimex)
          s=${t#*tv_sec:}; u=${s#*tv_usec:}; s=${s%%time.tv_usec*}; u=${u%%return*}
          echo "{{Marker}} $i" $s $u >&3
          i=$((i+1))
          sleep 0.{{IntervalMilliseconds:000}}
        done
        """);

    private static async Task ExecAsync(string containerId, string script)
    {
        using var exec = Process.Start(new ProcessStartInfo("docker")
        {
            ArgumentList = { "exec", containerId, "sh", "-c", script },
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("Could not start docker exec.");
        var errors = exec.StandardError.ReadToEndAsync();
        await exec.WaitForExitAsync();
        if (exec.ExitCode != 0)
        {
            throw new InvalidOperationException($"docker exec failed with code {exec.ExitCode}: {await errors}");
        }
    }
}
