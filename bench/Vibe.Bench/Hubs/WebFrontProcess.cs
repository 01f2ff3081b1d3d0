using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Vibe.Bench.Hubs;

/// <summary>
/// WebFront as people run it: its own process (the Release build next to the sources), the embedded default (one silo,
/// SQLite, workspaces on the local Docker engine) with a service id and a data directory of its own, on a free loopback port.
/// Its output goes to a log file in that directory. Disposing it stops the process (SIGTERM) and removes the directory.
/// </summary>
internal sealed class WebFrontProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly string _dataDirectory;

    private WebFrontProcess(Process process, Uri baseAddress, string dataDirectory)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public string LogPath => Path.Combine(_dataDirectory, "webfront.log");

    /// <summary>The CPU time the process has used so far (user and system), for benchmarks that weigh its share.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <param name="repositoryRoot">The repository, whose Release build of src/WebFront is run.</param>
    /// <param name="settings">More environment variables for it, e.g. <c>Vibe__Database__ConnectionString</c>.</param>
    public static async Task<WebFrontProcess> StartAsync(string repositoryRoot, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = Path.Combine(repositoryRoot, "src", "WebFront", "bin", "Release", "net10.0", "Vibe.WebFront.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build src/WebFront in Release first (bench/run builds it).");
        }

        var serviceId = $"vbench-{Guid.NewGuid().ToString("N")[..10]}";
        var dataDirectory = Path.Combine(Path.GetTempPath(), "vibe-bench", serviceId);
        Directory.CreateDirectory(dataDirectory);
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("/bin/sh")
        {
            // A shell redirect keeps WebFront's log out of our pipes; exec makes the PID WebFront's own.
            ArgumentList = { "-c", $"exec dotnet '{dll}' >'{Path.Combine(dataDirectory, "webfront.log")}' 2>&1" },
            WorkingDirectory = dataDirectory,
            UseShellExecute = false,
            Environment =
            {
                ["Vibe__DataDirectory"] = dataDirectory,
                ["Vibe__Urls"] = baseAddress.ToString().TrimEnd('/'),

                // Its own service id: its containers are named and labelled with it, and its orphan sweeper leaves others' alone.
                ["Vibe__Silo__ServiceId"] = serviceId,
            },
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start WebFront.");
        var webFront = new WebFrontProcess(process, baseAddress, dataDirectory);
        try
        {
            await webFront.WaitUntilReadyAsync();
            return webFront;
        }
        catch
        {
            await webFront.DisposeAsync();
            throw;
        }
    }

    /// <summary>Registers the installation's first account and returns its access token.</summary>
    public async Task<string> RegisterFirstAccountAsync()
    {
        using var response = await Http.PostAsJsonAsync("/api/v1/auth/register", new { email = "bench@vibe.test", password = "bench-Passw0rd-for-log-latency", displayName = "Bench" });
        await EnsureSuccessAsync(response, "register");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var token = body.RootElement.GetProperty("accessToken").GetString()!;
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return token;
    }

    /// <summary>Sends a request and returns the JSON answer, failing with the problem details when it is not a success.</summary>
    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await Http.SendAsync(request);
        await EnsureSuccessAsync(response, $"{method} {path}");
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
        }

        _process.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private async Task WaitUntilReadyAsync()
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"WebFront exited with code {_process.ExitCode} while starting:\n{LogTail()}");
            }

            try
            {
                using var response = await Http.GetAsync("/readyz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (waited.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"WebFront was not ready within {StartTimeout.TotalSeconds:0} s:\n{LogTail()}");
            }

            // Nothing to await from another process but its answer.
            await Task.Delay(200);
        }
    }

    private string LogTail() => File.Exists(LogPath) ? string.Join('\n', File.ReadLines(LogPath).TakeLast(20)) : "(no log)";

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
