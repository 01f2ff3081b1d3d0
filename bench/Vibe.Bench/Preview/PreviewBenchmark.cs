using System.Diagnostics;
using System.Globalization;
using Vibe.Bench.Hubs;
using Vibe.Bench.Workspaces;

namespace Vibe.Bench.Preview;

/// <summary>
/// preview-latency: ms for one small GET through the preview proxy of a real WebFront process (the path form, a public
/// port) against the same GET straight to the container's address, p50/p99, interleaved. preview-throughput: MB/s of a
/// 50 MB download through the proxy against the same download direct. The server is busybox httpd in a blank workspace;
/// preview-throughput also reports, to tell the proxy's cost apart: a bare YARP forwarder and a TCP relay to the same
/// busybox (<see cref="BareProxies"/>), each process's CPU per MB, and python's http.server, direct and through the proxy,
/// when the python image is built.
/// </summary>
internal sealed class PreviewBenchmark(bool throughput) : IBenchmark
{
    private const int Port = 8000;
    private const int LargeMegabytes = 50;
    private const string PythonImage = "vibe/python:latest";

    // Every download is read into this one large buffer, whatever the path, so the client's share of the work is alike.
    private static readonly byte[] s_sink = new byte[1024 * 1024];

    public string Name => throughput ? "preview-throughput" : "preview-latency";

    public string Description => throughput
        ? "MB/s of a 50 MB download through the preview proxy; baseline the same download straight from the container"
        : "ms for a small GET through the preview proxy (p50/p99); baseline the same GET straight to the container";

    public async Task<BenchmarkResult> RunAsync(BenchmarkContext context)
    {
        await using var webFront = await WebFrontProcess.StartAsync(context.RepositoryRoot);
        await webFront.RegisterFirstAccountAsync();
        var workspaces = new List<string>();
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromMinutes(2) };
            var files = $"mkdir -p /workspace/site && echo hello > /workspace/site/small.txt && dd if=/dev/zero of=/workspace/site/large.bin bs=1048576 count={LargeMegabytes} 2>/dev/null";
            var busybox = await StartSiteAsync(webFront, http, "blank", $"{files} && busybox httpd -p {Port} -h /workspace/site", workspaces);
            if (!throughput)
            {
                return await MeasureLatencyAsync(http, busybox.Proxied, busybox.Direct, context.Quick ? 200 : 2000);
            }

            // busybox httpd sends the file with sendfile(2); python's http.server copies it through user space, as the proxy
            // must, and is what many dev servers are like: a second baseline, beside the first, when its image is built.
            var python = await ImageExistsAsync(PythonImage)
                ? await StartSiteAsync(webFront, http, "python", $"{files} && cd /workspace/site && (python3 -m http.server {Port} >/dev/null 2>&1 &)", workspaces)
                : null;
            await using var bare = await BareProxies.StartAsync(busybox.Direct);
            return await MeasureThroughputAsync(http, webFront, busybox, bare, python, context.Quick ? 3 : 10, context.Quick ? 2 : 5);
        }
        finally
        {
            foreach (var workspaceId in workspaces)
            {
                await webFront.SendAsync(HttpMethod.Delete, $"/api/v1/workspaces/{workspaceId}");
            }
        }
    }

    /// <summary>Starts a workspace of <paramref name="template"/> whose <paramref name="script"/> serves /workspace/site on <see cref="Port"/>, made public.</summary>
    private static async Task<Site> StartSiteAsync(WebFrontProcess webFront, HttpClient http, string template, string script, List<string> workspaces)
    {
        var workspace = await webFront.SendAsync(HttpMethod.Post, "/api/v1/workspaces", new { name = $"preview bench {template}", template, network = "internet" });
        var workspaceId = workspace.GetProperty("id").GetString()!;
        workspaces.Add(workspaceId);
        var containerId = (await webFront.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/start")).GetProperty("containerId").GetString()!;
        await webFront.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/exec", new { command = new[] { "sh", "-c", script } });
        await webFront.SendAsync(HttpMethod.Put, $"/api/v1/workspaces/{workspaceId}/ports/{Port}/public");
        var site = new Site(new Uri(webFront.BaseAddress, $"/preview/{workspaceId}/{Port}/"), new Uri($"http://{await ContainerAddressAsync(containerId)}:{Port}/"));
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await GetAsync(http, new Uri(site.Direct, "small.txt"));
                return site;
            }
            catch (HttpRequestException) when (attempt < 100)
            {
                await Task.Delay(100); // the server started in the background is not listening yet
            }
        }
    }

    private async Task<BenchmarkResult> MeasureLatencyAsync(HttpClient http, Uri proxied, Uri direct, int rounds)
    {
        var small = new Uri("small.txt", UriKind.Relative);
        for (var i = 0; i < 20; i++)
        {
            await GetAsync(http, new Uri(proxied, small));
            await GetAsync(http, new Uri(direct, small));
        }

        var viaProxy = new Samples();
        var straight = new Samples();
        for (var i = 0; i < rounds; i++)
        {
            // Interleaved, alternating which goes first, so the machine's load weighs on both alike.
            if (i % 2 == 0)
            {
                viaProxy.Add(await GetAsync(http, new Uri(proxied, small)));
                straight.Add(await GetAsync(http, new Uri(direct, small)));
            }
            else
            {
                straight.Add(await GetAsync(http, new Uri(direct, small)));
                viaProxy.Add(await GetAsync(http, new Uri(proxied, small)));
            }
        }

        var result = new BenchmarkResult(Name, viaProxy.P50, "ms", straight.P50, viaProxy.P50, viaProxy.P99)
        {
            Notes =
            {
                "value: p50 of GET small.txt through the preview proxy (path form, public port); baseline: p50 of the same GET to the container's address",
                string.Create(CultureInfo.InvariantCulture, $"{rounds} rounds, interleaved, after 20 warm-up rounds; load average at the end {LoadAverage()}"),
            },
        };
        result.Extra["direct p99 ms"] = straight.P99;
        return result;
    }

    private async Task<BenchmarkResult> MeasureThroughputAsync(HttpClient http, WebFrontProcess webFront, Site busybox, BareProxies.Child bare, Site? python, int rounds, int warmUps)
    {
        var large = new Uri("large.bin", UriKind.Relative);
        var vibe = new Download("through Vibe's proxy", new Uri(busybox.Proxied, large), () => webFront.ProcessorTime, proxied: true);
        var direct = new Download("direct", new Uri(busybox.Direct, large), () => webFront.ProcessorTime, proxied: false);
        var forwarder = new Download("through a bare YARP forwarder", new Uri(bare.Forwarder, large), () => bare.ProcessorTime, proxied: true);
        var relay = new Download("through a TCP relay", new Uri(bare.Relay, large), () => bare.ProcessorTime, proxied: true);
        var pythonDirect = python is null ? null : new Download("python direct", new Uri(python.Direct, large), () => webFront.ProcessorTime, proxied: false);
        List<Download> downloads = [vibe, direct, forwarder, relay];
        if (python is not null && pythonDirect is not null)
        {
            downloads.Add(pythonDirect);
            downloads.Add(new Download("python through Vibe's proxy", new Uri(python.Proxied, large), () => webFront.ProcessorTime, proxied: true));
        }

        // Warm-up long enough for tiered compilation to finish with the copy loops: one download is ~800 trips through a
        // 64 KiB loop, and the JIT recompiling them in the background otherwise weighs on the first measured rounds.
        for (var i = 0; i < warmUps; i++)
        {
            foreach (var download in downloads)
            {
                await GetAsync(http, download.Address);
            }
        }

        for (var i = 0; i < rounds; i++)
        {
            // Each round starts with the next download, so none always runs first (or right after the same neighbour).
            for (var d = 0; d < downloads.Count; d++)
            {
                await downloads[(i + d) % downloads.Count].MeasureAsync(http);
            }
        }

        var megabytes = LargeMegabytes * rounds;
        var result = new BenchmarkResult(Name, vibe.Rate(megabytes), "MB/s", direct.Rate(megabytes))
        {
            Notes =
            {
                $"value: MB/s downloading {LargeMegabytes} MB through the preview proxy from busybox httpd; baseline: the same download from the container's address (busybox sends it with sendfile)",
                string.Create(CultureInfo.InvariantCulture, $"{rounds} downloads each, interleaved, after {warmUps} warm-up rounds; load average at the end {LoadAverage()}"),
                "bare YARP forwarder: an ASP.NET Core app with only MapForwarder to the same address, in a process of its own; TCP relay: 64 KiB copies both ways, the least a proxy in user space does",
                "cpu ms/MB: the proxy process's CPU time (user and system) per MB, WebFront's including its background work; client: the bench's; machine busy: the share of both cores not idle during those downloads",
            },
        };
        foreach (var download in downloads)
        {
            if (download != vibe && download != direct)
            {
                result.Extra[$"{download.Name} MB/s"] = download.Rate(megabytes);
            }

            if (download.Proxied)
            {
                result.Extra[$"{download.Name}: proxy cpu ms/MB"] = download.MeteredCpu.TotalMilliseconds / megabytes;
            }
            else
            {
                // WebFront forwards nothing meanwhile: what it uses is its background work (the silo's timers and the like).
                result.Extra[$"{download.Name}: WebFront cpu meanwhile, share of a core"] = download.MeteredCpu.TotalSeconds / download.Seconds;
            }

            result.Extra[$"{download.Name}: client cpu ms/MB"] = download.ClientCpu.TotalMilliseconds / megabytes;
            result.Extra[$"{download.Name}: machine busy"] = download.MachineBusy;
        }

        if (pythonDirect is not null)
        {
            result.Notes.Add("second baseline: python3 -m http.server in a python workspace (copies through user space), direct and through the proxy");
            result.Extra["proxy ratio against python direct"] = vibe.Rate(megabytes) / pythonDirect.Rate(megabytes);
        }
        else
        {
            result.Notes.Add($"no second baseline: {PythonImage} is not built (deploy/images/build.sh python)");
        }

        return result;
    }

    /// <summary>One GET read to its end into <see cref="s_sink"/>; fails unless it answers 200 with the whole body.</summary>
    private static async Task<TimeSpan> GetAsync(HttpClient http, Uri uri)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        long received = 0;
        int read;
        while ((read = await body.ReadAsync(s_sink)) > 0)
        {
            received += read;
        }

        return received == response.Content.Headers.ContentLength || response.Content.Headers.ContentLength is null
            ? clock.Elapsed
            : throw new InvalidOperationException($"GET {uri} ended after {received} of {response.Content.Headers.ContentLength} bytes.");
    }

    private static async Task<bool> ImageExistsAsync(string image)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "image", "inspect", "--format", "{{.Id}}", image })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        await Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        await process.WaitForExitAsync();
        return process.ExitCode == 0;
    }

    private static async Task<string> ContainerAddressAsync(string containerId)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", containerId })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var address = (await process.StandardOutput.ReadToEndAsync()).Trim();
        await process.WaitForExitAsync();
        return address.Length > 0 ? address : throw new InvalidOperationException($"Container {containerId} has no address.");
    }

    /// <summary>The 1, 5 and 15 minute load averages, for the notes: the machine is shared.</summary>
    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>
    /// One way to download the large file, with what its downloads took: wall-clock time, the bench's CPU time, the CPU
    /// time of the process <paramref name="meter"/> reads (the proxy's; for a direct download, WebFront idling beside it)
    /// and how busy the machine's cores were.
    /// </summary>
    private sealed class Download(string name, Uri address, Func<TimeSpan> meter, bool proxied)
    {
        private double _busy;
        private double _total;

        public string Name => name;

        public Uri Address => address;

        public bool Proxied => proxied;

        public double Seconds { get; private set; }

        public TimeSpan ClientCpu { get; private set; }

        public TimeSpan MeteredCpu { get; private set; }

        public double MachineBusy => _total > 0 ? _busy / _total : double.NaN;

        public double Rate(double megabytes) => megabytes / Seconds;

        public async Task MeasureAsync(HttpClient http)
        {
            using var self = Process.GetCurrentProcess();
            var (busyBefore, totalBefore) = MachineTicks();
            var clientBefore = self.TotalProcessorTime;
            var meteredBefore = meter();
            Seconds += (await GetAsync(http, address)).TotalSeconds;
            MeteredCpu += meter() - meteredBefore;
            self.Refresh();
            ClientCpu += self.TotalProcessorTime - clientBefore;
            var (busyAfter, totalAfter) = MachineTicks();
            _busy += busyAfter - busyBefore;
            _total += totalAfter - totalBefore;
        }

        /// <summary>The machine's CPU ticks so far from /proc/stat: not idle (nor waiting for I/O), and all.</summary>
        private static (long Busy, long Total) MachineTicks()
        {
            if (!File.Exists("/proc/stat"))
            {
                return (0, 0);
            }

            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long total = 0;
            for (var i = 1; i < fields.Length && i <= 8; i++)
            {
                total += long.Parse(fields[i], CultureInfo.InvariantCulture);
            }

            var idle = long.Parse(fields[4], CultureInfo.InvariantCulture) + long.Parse(fields[5], CultureInfo.InvariantCulture);
            return (total - idle, total);
        }
    }

    /// <summary>A server in a workspace: its address through the proxy (path form, public port) and straight to the container.</summary>
    private sealed record Site(Uri Proxied, Uri Direct);
}
