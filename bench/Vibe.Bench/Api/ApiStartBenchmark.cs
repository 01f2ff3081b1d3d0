using System.Diagnostics;
using System.Globalization;
using Vibe.Bench.Hubs;
using Vibe.Bench.Workspaces;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.Bench.Api;

/// <summary>
/// api-start: <c>POST /api/v1/workspaces/{id}/start</c> (and <c>/stop</c>) of a blank workspace over HTTP against a real
/// WebFront process (the embedded default: SQLite, the local Docker engine), until the answer says Running (Stopped).
/// The baseline, in the same run and in turns with it, is the workspace grain's Start (Stop) called directly in an
/// in-process silo set up the same way: what the API adds is authentication, the access check against the workspace
/// index, the index write, the audit entry and HTTP.
/// </summary>
internal sealed class ApiStartBenchmark : IBenchmark
{
    public string Name => "api-start";

    public string Description => "p95 ms of POST .../start of a blank workspace over HTTP; baseline the grain's Start called directly";

    public async Task<BenchmarkResult> RunAsync(BenchmarkContext context)
    {
        await BenchWorkspaceSilo.EnsureDockerAsync();
        var rounds = context.Quick ? 8 : 40;
        var warmUpRounds = context.Quick ? 2 : 4;
        await using var webFront = await WebFrontProcess.StartAsync(context.RepositoryRoot);
        await webFront.RegisterFirstAccountAsync();
        var workspaceId = (await webFront.SendAsync(HttpMethod.Post, "/api/v1/workspaces", new { name = "api start", template = "blank" })).GetProperty("id").GetString()!;
        await using var silo = await BenchWorkspaceSilo.StartAsync(BenchWorkspaceSilo.NewServiceId());
        var grain = silo.Grains.GetGrain<IWorkspaceGrain>($"api-start-{Guid.NewGuid().ToString("N")[..8]}");
        await grain.Create(new WorkspaceSpec("bench", "api start baseline"));

        var apiStart = new Samples();
        var apiStop = new Samples();
        var grainStart = new Samples();
        var grainStop = new Samples();
        try
        {
            for (var round = -warmUpRounds; round < rounds; round++)
            {
                var measured = round >= 0;
                var started = await TimeAsync(() => ExpectAsync(webFront, $"/api/v1/workspaces/{workspaceId}/start", "running"));
                var stopped = await TimeAsync(() => ExpectAsync(webFront, $"/api/v1/workspaces/{workspaceId}/stop", "stopped"));
                var grainStarted = await TimeAsync(async () => Expect((await grain.Start()).Status, WorkspaceStatus.Running));
                var grainStopped = await TimeAsync(async () => Expect((await grain.Stop()).Status, WorkspaceStatus.Stopped));
                if (measured)
                {
                    apiStart.Add(started);
                    apiStop.Add(stopped);
                    grainStart.Add(grainStarted);
                    grainStop.Add(grainStopped);
                }
            }
        }
        finally
        {
            await grain.Delete();
            await webFront.SendAsync(HttpMethod.Delete, $"/api/v1/workspaces/{workspaceId}");
        }

        return new BenchmarkResult(Name, apiStart.Percentile(0.95), "ms", grainStart.Percentile(0.95), apiStart.P50, apiStart.P99)
        {
            Notes =
            {
                "value: p95 of POST .../start over HTTP until it answers Running; baseline: p95 of the grain's Start called directly",
                string.Create(CultureInfo.InvariantCulture, $"{rounds} start/stop cycles of each after {warmUpRounds} warm-up cycles, in turns, one blank workspace each"),
            },
            Extra =
            {
                ["api start p50 ms"] = apiStart.P50,
                ["api start p95 ms"] = apiStart.Percentile(0.95),
                ["grain start p50 ms"] = grainStart.P50,
                ["grain start p95 ms"] = grainStart.Percentile(0.95),
                ["api stop p50 ms"] = apiStop.P50,
                ["api stop p95 ms"] = apiStop.Percentile(0.95),
                ["grain stop p50 ms"] = grainStop.P50,
                ["grain stop p95 ms"] = grainStop.Percentile(0.95),
            },
        };
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> call)
    {
        var started = Stopwatch.GetTimestamp();
        await call();
        return Stopwatch.GetElapsedTime(started);
    }

    private static async Task ExpectAsync(WebFrontProcess webFront, string path, string status)
    {
        var answer = await webFront.SendAsync(HttpMethod.Post, path);
        Expect(answer.GetProperty("status").GetString(), status);
    }

    private static void Expect<T>(T actual, T expected)
    {
        if (!EqualityComparer<T>.Default.Equals(actual, expected))
        {
            throw new InvalidOperationException($"Expected status {expected}, got {actual}.");
        }
    }
}
