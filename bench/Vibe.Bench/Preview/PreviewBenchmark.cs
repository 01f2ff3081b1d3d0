using System.Diagnostics;
using System.Globalization;
using Vibe.Bench.Hubs;
using Vibe.Bench.Workspaces;

namespace Vibe.Bench.Preview;

/// <summary>
/// preview-latency: ms for one small GET through the preview proxy of a real WebFront process (the path form, a public
/// port) against the same GET straight to the container's address, p50/p99, interleaved. preview-throughput: MB/s of a
/// 50 MB download through the proxy against the same download direct. The server is busybox httpd in a blank workspace;
/// preview-throughput also reports python's http.server, direct and through the proxy, when the python image is built.
/// </summary>
internal sealed class PreviewBenchmark(bool throughput) : IBenchmark
{
    private const int Port = 8000;
    private const int LargeMegabytes = 50;
    private const string PythonImage = "vibe/python:latest";

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
            return await MeasureThroughputAsync(http, busybox, python, context.Quick ? 3 : 10);
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

    private async Task<BenchmarkResult> MeasureThroughputAsync(HttpClient http, Site busybox, Site? python, int rounds)
    {
        var large = new Uri("large.bin", UriKind.Relative);
        Site[] sites = python is null ? [busybox] : [busybox, python];
        var proxiedSeconds = new double[sites.Length];
        var directSeconds = new double[sites.Length];
        foreach (var site in sites)
        {
            await GetAsync(http, new Uri(site.Proxied, large));
            await GetAsync(http, new Uri(site.Direct, large));
        }

        for (var i = 0; i < rounds; i++)
        {
            for (var s = 0; s < sites.Length; s++)
            {
                proxiedSeconds[s] += (await GetAsync(http, new Uri(sites[s].Proxied, large))).TotalSeconds;
                directSeconds[s] += (await GetAsync(http, new Uri(sites[s].Direct, large))).TotalSeconds;
            }
        }

        double Rate(double seconds) => LargeMegabytes * rounds / seconds;
        var result = new BenchmarkResult(Name, Rate(proxiedSeconds[0]), "MB/s", Rate(directSeconds[0]))
        {
            Notes =
            {
                $"value: MB/s downloading {LargeMegabytes} MB through the preview proxy from busybox httpd; baseline: the same download from the container's address (busybox sends it with sendfile)",
                string.Create(CultureInfo.InvariantCulture, $"{rounds} downloads each, interleaved, after one warm-up each; load average at the end {LoadAverage()}"),
            },
        };
        if (python is not null)
        {
            result.Notes.Add("second baseline: python3 -m http.server in a python workspace (copies through user space), direct and through the proxy");
            result.Extra["python direct MB/s"] = Rate(directSeconds[1]);
            result.Extra["python through the proxy MB/s"] = Rate(proxiedSeconds[1]);
            result.Extra["proxy ratio against python direct"] = Rate(proxiedSeconds[0]) / Rate(directSeconds[1]);
        }
        else
        {
            result.Notes.Add($"no second baseline: {PythonImage} is not built (deploy/images/build.sh python)");
        }

        return result;
    }

    /// <summary>One GET read to its end; fails unless it answers 200.</summary>
    private static async Task<TimeSpan> GetAsync(HttpClient http, Uri uri)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        await body.CopyToAsync(Stream.Null);
        return clock.Elapsed;
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

    /// <summary>A server in a workspace: its address through the proxy (path form, public port) and straight to the container.</summary>
    private sealed record Site(Uri Proxied, Uri Direct);
}
