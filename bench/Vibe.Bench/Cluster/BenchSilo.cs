using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Vibe.TestSupport;

namespace Vibe.Bench.Cluster;

/// <summary>
/// One test silo process (`dotnet Vibe.TestSilo.dll`: the Silo plus the greeting counter of tests/TestSilo) on free loopback ports, configured through Vibe__* environment
/// variables as docs/cluster.md describes. Disposing it SIGKILLs the process if it still runs.
/// </summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private const string Banner = "Vibe is running at ";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _tail = new();
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BenchSilo(string name, Process process, Uri url)
    {
        Name = name;
        _process = process;
        Client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(120) };
    }

    public string Name { get; }

    public HttpClient Client { get; }

    /// <summary>Starts the Silo at <paramref name="siloDll"/> and returns once it prints that it runs.</summary>
    public static async Task<BenchSilo> StartAsync(string siloDll, string name, IReadOnlyDictionary<string, string> settings)
    {
        // A free port can be taken between the probe and the Silo's bind: then start again on other ports.
        for (var attempt = 1; ; attempt++)
        {
            var ports = FreePort.FindMany(2);
            var url = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{ports[0]}"));
            var startInfo = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            startInfo.ArgumentList.Add(siloDll);
            foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("Vibe__", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                startInfo.Environment.Remove(key);
            }

            foreach (var (key, value) in settings)
            {
                startInfo.Environment[key] = value;
            }

            startInfo.Environment["Vibe__Urls"] = url.ToString().TrimEnd('/');
            startInfo.Environment["Vibe__Silo__SiloName"] = name;
            startInfo.Environment["Vibe__Cluster__SiloPort"] = ports[1].ToString(CultureInfo.InvariantCulture);
            var silo = new BenchSilo(name, new Process { StartInfo = startInfo }, url);
            silo.Start();
            var exited = silo._process.WaitForExitAsync();
            var first = await Task.WhenAny(silo._running.Task, exited, Task.Delay(StartTimeout));
            if (first == silo._running.Task)
            {
                return silo;
            }

            var output = silo.Tail();
            await silo.DisposeAsync();
            if (attempt < 3 && output.Contains("cannot be opened", StringComparison.Ordinal))
            {
                continue;
            }

            throw new InvalidOperationException($"{name} did not start within {StartTimeout.TotalSeconds} s. Its last lines:\n{output}");
        }
    }

    /// <summary>SIGKILL: the process ends with no goodbye, as a crash or the OOM killer ends it.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Sends SIGSTOP or SIGCONT: a frozen process keeps its sockets open but answers nothing.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>GET /readyz: how many activations this silo has and how many active silos it sees; nulls when it does not answer.</summary>
    public async Task<(long? Activations, int? ActiveSilos)> ReadinessAsync()
    {
        try
        {
            using var response = await Client.GetAsync(new Uri("/readyz", UriKind.Relative));
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = body.RootElement;
            return (root.GetProperty("activations").GetInt64(), root.TryGetProperty("activeSilos", out var active) ? active.GetInt32() : null);
        }
        catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>The last lines the process printed, for an error message.</summary>
    public string Tail() => string.Join('\n', _tail);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }

        _process.Dispose();
    }

    private void Start()
    {
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _tail.Enqueue(line);
        while (_tail.Count > 40 && _tail.TryDequeue(out _))
        {
        }

        if (line.StartsWith(Banner, StringComparison.Ordinal))
        {
            _running.TrySetResult();
        }
    }
}
