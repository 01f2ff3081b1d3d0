using System.Diagnostics;
using System.Globalization;
using System.Net;
using Vibe.Bench.Hubs;
using Vibe.Bench.Workspaces;

namespace Vibe.Bench.Preview;

/// <summary>
/// preview-wake: ms from the first GET of a stopped workspace's preview (by its owner, with the link's cookie) until the
/// app's page arrives through it. Nothing in a container outlives a stop, so as soon as the workspace reports Running
/// the bench starts the server (<c>busybox httpd</c>) through the exec API, as a person would in the terminal, and then
/// asks the preview again every 20 ms. Baseline, in turns with it on the same workspace: workspace-start of the same
/// template through the same API (POST start, Running, the same exec), so the ratio is what waking through the preview
/// adds to a start.
/// </summary>
internal sealed class PreviewWakeBenchmark : IBenchmark
{
    private const int Port = 8000;
    private const string Server = "busybox httpd -p 8000 -h /workspace/site";
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan s_roundTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan s_cacheTime = TimeSpan.FromSeconds(2.5);

    public string Name => "preview-wake";

    public string Description => "ms from a GET of a stopped workspace's preview until the app's page arrives; baseline workspace-start of the same template (API start until the same exec answers)";

    public async Task<BenchmarkResult> RunAsync(BenchmarkContext context)
    {
        var rounds = context.Quick ? 3 : 15;
        await using var webFront = await WebFrontProcess.StartAsync(context.RepositoryRoot);
        await webFront.RegisterFirstAccountAsync();
        var workspace = await webFront.SendAsync(HttpMethod.Post, "/api/v1/workspaces", new { name = "wake bench", template = "blank", network = "internal" });
        var workspaceId = workspace.GetProperty("id").GetString()!;
        try
        {
            await webFront.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/start");
            await WaitForStatusAsync(webFront, workspaceId, "running");
            await ExecAsync(webFront, workspaceId, "mkdir -p /workspace/site && echo awake > /workspace/site/index.html");

            // The owner's link: its token becomes a cookie of the preview (Secure, which HttpClient's cookie jar keeps to
            // https), so the bench sends that cookie itself on every request, as the browser does.
            var link = await webFront.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/ports/{Port}/preview");
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(60) };
            var cookie = await PreviewCookieAsync(http, new Uri(webFront.BaseAddress, link.GetProperty("pathUrl").GetString()!));
            var preview = new Uri(webFront.BaseAddress, $"/preview/{workspaceId}/{Port}/");

            var wake = new Samples();
            var start = new Samples();
            for (var round = -1; round < rounds; round++)
            {
                // Alternating which goes first, so the machine's load weighs on both alike.
                var wakeFirst = round % 2 == 0;
                for (var turn = 0; turn < 2; turn++)
                {
                    await StopAsync(webFront, workspaceId);
                    var elapsed = (turn == 0) == wakeFirst
                        ? await WakeAsync(webFront, http, workspaceId, preview, cookie)
                        : await StartAsync(webFront, workspaceId);
                    if (round >= 0)
                    {
                        ((turn == 0) == wakeFirst ? wake : start).Add(elapsed);
                    }
                }
            }

            var result = new BenchmarkResult(Name, wake.P50, "ms", start.P50, wake.P50, wake.P99)
            {
                Notes =
                {
                    "value: GET of the stopped `blank` workspace's preview (path form, the owner's cookie) until the page arrives through it; on Running the bench execs the server, then polls the preview every 20 ms",
                    "baseline: POST start of the same workspace until Running (polled every 20 ms) and the same exec answering",
                    string.Create(CultureInfo.InvariantCulture, $"{rounds} rounds of each, in turns, after one warm-up round; load average at the end {PreviewBenchmark.LoadAverage()}"),
                },
            };
            result.Extra["baseline_p99_ms"] = start.P99;
            return result;
        }
        finally
        {
            await webFront.SendAsync(HttpMethod.Delete, $"/api/v1/workspaces/{workspaceId}");
        }
    }

    private static async Task<TimeSpan> WakeAsync(WebFrontProcess webFront, HttpClient http, string workspaceId, Uri preview, string cookie)
    {
        var clock = Stopwatch.StartNew();
        var (status, _) = await GetAsync(http, preview, cookie);
        if (status != HttpStatusCode.ServiceUnavailable)
        {
            throw new InvalidOperationException($"The stopped workspace's preview answered {(int)status}, not 503 Starting.");
        }

        await WaitForStatusAsync(webFront, workspaceId, "running");
        await ExecAsync(webFront, workspaceId, Server);
        using var timeout = new CancellationTokenSource(s_roundTimeout);
        while (true)
        {
            var (answer, body) = await GetAsync(http, preview, cookie);
            if (answer == HttpStatusCode.OK && body == "awake\n")
            {
                return clock.Elapsed;
            }

            await Task.Delay(s_poll, timeout.Token);
        }
    }

    private static async Task<TimeSpan> StartAsync(WebFrontProcess webFront, string workspaceId)
    {
        var clock = Stopwatch.StartNew();
        await webFront.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/start");
        await WaitForStatusAsync(webFront, workspaceId, "running");
        await ExecAsync(webFront, workspaceId, Server);
        return clock.Elapsed;
    }

    /// <summary>
    /// Stops the workspace, then lets the web front's memory of its address (Vibe:Preview:CacheTime, 2 s by default) lapse,
    /// as it has for a workspace that stopped a while ago.
    /// </summary>
    private static async Task StopAsync(WebFrontProcess webFront, string workspaceId)
    {
        await webFront.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/stop");
        await WaitForStatusAsync(webFront, workspaceId, "stopped");
        await Task.Delay(s_cacheTime);
    }

    private static async Task WaitForStatusAsync(WebFrontProcess webFront, string workspaceId, string status)
    {
        using var timeout = new CancellationTokenSource(s_roundTimeout);
        while ((await webFront.SendAsync(HttpMethod.Get, $"/api/v1/workspaces/{workspaceId}")).GetProperty("status").GetString() is var now && now != status)
        {
            if (now == "failed")
            {
                throw new InvalidOperationException($"Workspace {workspaceId} failed while the bench waited for {status}.");
            }

            await Task.Delay(s_poll, timeout.Token);
        }
    }

    private static async Task ExecAsync(WebFrontProcess webFront, string workspaceId, string script)
    {
        var result = await webFront.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/exec", new { command = new[] { "sh", "-c", script } });
        if (result.GetProperty("exitCode").GetInt32() != 0)
        {
            throw new InvalidOperationException($"`{script}` in the workspace failed: {result}");
        }
    }

    /// <summary>Opens the link and returns the preview cookie it sets (<c>name=value</c>).</summary>
    private static async Task<string> PreviewCookieAsync(HttpClient http, Uri link)
    {
        using var response = await http.GetAsync(link);
        var setCookie = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault() : null;
        return setCookie?.Split(';')[0] ?? throw new InvalidOperationException($"The preview link answered {(int)response.StatusCode} without a cookie.");
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, Uri uri, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation("Cookie", cookie);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
