using System.Diagnostics;
using System.Globalization;
using Vibe.Bench.Hubs;
using Vibe.Bench.Workspaces;

namespace Vibe.Bench.Preview;

/// <summary>
/// preview-latency: ms for one small GET through the preview proxy of a real WebFront process (the path form, a public
/// port) against the same GET straight to the container's address, p50/p99, interleaved. preview-throughput: MB/s of a
/// 50 MB download through the proxy against the same download direct. The server is busybox httpd in a blank workspace.
/// </summary>
internal sealed class PreviewBenchmark(bool throughput) : IBenchmark
{
    private const int Port = 8000;
    private const int LargeMegabytes = 50;

    public string Name => throughput ? "preview-throughput" : "preview-latency";

    public string Description => throughput
        ? "MB/s of a 50 MB download through the preview proxy; baseline the same download straight from the container"
        : "ms for a small GET through the preview proxy (p50/p99); baseline the same GET straight to the container";

    public async Task<BenchmarkResult> RunAsync(BenchmarkContext context)
    {
        await using var webFront = await WebFrontProcess.StartAsync(context.RepositoryRoot);
        await webFront.RegisterFirstAccountAsync();
        var workspace = await webFront.SendAsync(HttpMethod.Post, "/api/v1/workspaces", new { name = "preview bench", template = "blank", network = "internet" });
        var workspaceId = workspace.GetProperty("id").GetString()!;
        try
        {
            var containerId = (await webFront.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/start")).GetProperty("containerId").GetString()!;
            var script = $"mkdir -p /workspace/site && echo hello > /workspace/site/small.txt && dd if=/dev/zero of=/workspace/site/large.bin bs=1048576 count={LargeMegabytes} 2>/dev/null && busybox httpd -p {Port} -h /workspace/site";
            await webFront.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/exec", new { command = new[] { "sh", "-c", script } });
            await webFront.SendAsync(HttpMethod.Put, $"/api/v1/workspaces/{workspaceId}/ports/{Port}/public");
            var address = await ContainerAddressAsync(containerId);
            var proxied = new Uri(webFront.BaseAddress, $"/preview/{workspaceId}/{Port}/");
            var direct = new Uri($"http://{address}:{Port}/");
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromMinutes(2) };
            return throughput
                ? await MeasureThroughputAsync(http, proxied, direct, context.Quick ? 3 : 10)
                : await MeasureLatencyAsync(http, proxied, direct, context.Quick ? 200 : 2000);
        }
        finally
        {
            await webFront.SendAsync(HttpMethod.Delete, $"/api/v1/workspaces/{workspaceId}");
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

    private async Task<BenchmarkResult> MeasureThroughputAsync(HttpClient http, Uri proxied, Uri direct, int rounds)
    {
        var large = new Uri("large.bin", UriKind.Relative);
        await GetAsync(http, new Uri(proxied, large));
        await GetAsync(http, new Uri(direct, large));
        double viaProxy = 0, straight = 0;
        for (var i = 0; i < rounds; i++)
        {
            viaProxy += (await GetAsync(http, new Uri(proxied, large))).TotalSeconds;
            straight += (await GetAsync(http, new Uri(direct, large))).TotalSeconds;
        }

        var proxyRate = LargeMegabytes * rounds / viaProxy;
        var directRate = LargeMegabytes * rounds / straight;
        return new BenchmarkResult(Name, proxyRate, "MB/s", directRate)
        {
            Notes =
            {
                $"value: MB/s downloading {LargeMegabytes} MB through the preview proxy; baseline: the same download from the container's address",
                string.Create(CultureInfo.InvariantCulture, $"{rounds} downloads each, interleaved, after one warm-up each; load average at the end {LoadAverage()}"),
            },
        };
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
}
