using System.Diagnostics;
using System.Globalization;
using Vibe.Bench.Hubs;
using Vibe.Bench.Workspaces;

namespace Vibe.Bench.Cli;

/// <summary>
/// cli-exec: milliseconds for <c>vibe exec WS -- true</c> end to end — a new vibe process reads the credentials, sends
/// one POST /api/v1/workspaces/{id}/exec to a real WebFront process, which runs the command in the workspace's container
/// through the Docker engine, and exits with its code — against <c>docker exec CONTAINER true</c> on the same container
/// in the same run. Start-up alone (<c>vibe --version</c>) is measured too, for each build of vibe: the Release build as
/// shipped (JIT), ReadyToRun and Native AOT. The series are interleaved, so the machine's load weighs on all alike.
/// </summary>
internal sealed class CliExecBenchmark : IBenchmark
{
    private const string Password = "bench-Passw0rd-for-log-latency";

    public string Name => "cli-exec";

    public string Description => "ms for `vibe exec WS -- true` end to end (p50/p99); baseline docker exec CONTAINER true";

    public async Task<BenchmarkResult> RunAsync(BenchmarkContext context)
    {
        var rounds = context.Quick ? 10 : 40;
        var builds = await CliBuild.PrepareAsync(context.RepositoryRoot, context.Quick);
        var runnable = builds.Where(b => b.Executable is not null).ToList();
        await using var webFront = await WebFrontProcess.StartAsync(context.RepositoryRoot);
        await webFront.RegisterFirstAccountAsync();
        var workspace = await webFront.SendAsync(HttpMethod.Post, "/api/v1/workspaces", new { name = "cli exec", template = "blank" });
        var workspaceId = workspace.GetProperty("id").GetString()!;
        var home = Directory.CreateTempSubdirectory("vibe-bench-cli-home-").FullName;
        try
        {
            var containerId = (await webFront.SendAsync(HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/start")).GetProperty("containerId").GetString()!;
            var jit = runnable[0].Executable!;
            await RunAsync(home, jit, ["login", webFront.BaseAddress.ToString(), "--email", "bench@vibe.test", "--password-stdin"], Password + "\n");

            // name → what to run; each round runs every series once, in an order that rotates.
            var series = new List<(string Name, string File, string[] Arguments)> { ("docker exec", "docker", ["exec", containerId, "true"]) };
            foreach (var build in runnable)
            {
                series.Add(($"vibe exec ({build.Name})", build.Executable!, ["exec", workspaceId, "--", "true"]));
                series.Add(($"vibe --version ({build.Name})", build.Executable!, ["--version"]));
            }

            foreach (var (_, file, arguments) in series)
            {
                for (var i = 0; i < 3; i++)
                {
                    await RunAsync(home, file, arguments);
                }
            }

            var samples = series.ToDictionary(s => s.Name, _ => new Samples());
            for (var round = 0; round < rounds; round++)
            {
                for (var k = 0; k < series.Count; k++)
                {
                    var (name, file, arguments) = series[(round + k) % series.Count];
                    samples[name].Add(await RunAsync(home, file, arguments));
                }
            }

            // The headline is what ./vibe runs where it can compile ahead of time; the JIT build is the tool package's.
            var docker = samples["docker exec"];
            var (headlineBuild, vibe) = samples.TryGetValue("vibe exec (aot)", out var aot) ? ("aot", aot) : ("jit", samples["vibe exec (jit)"]);
            var result = new BenchmarkResult(Name, vibe.P50, "ms", docker.P50, vibe.P50, vibe.P99)
            {
                Notes =
                {
                    $"value: p50 of `vibe exec WS -- true` built {headlineBuild} (aot: ./vibe with a C compiler; jit: the tool package); baseline: p50 of `docker exec CONTAINER true`",
                    string.Create(CultureInfo.InvariantCulture, $"{rounds} rounds of every series, interleaved, after 3 warm-up runs each; load average at the end {LoadAverage()}"),
                },
            };
            foreach (var (name, figures) in samples)
            {
                result.Extra[$"{name} p50 ms"] = figures.P50;
                result.Extra[$"{name} p99 ms"] = figures.P99;
            }

            foreach (var build in builds.Where(b => b.Executable is null))
            {
                result.Notes.Add($"{build.Name}: not measured: {build.Problem}");
            }

            return result;
        }
        finally
        {
            await webFront.SendAsync(HttpMethod.Delete, $"/api/v1/workspaces/{workspaceId}");
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>Runs a program to its end and returns how long that took; fails if it does not exit 0.</summary>
    private static async Task<TimeSpan> RunAsync(string home, string file, string[] arguments, string? stdin = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["HOME"] = home },
        };
        start.Environment.Remove("XDG_CONFIG_HOME");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var elapsed = clock.Elapsed;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stdout}{await stderr}");
        }

        return elapsed;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
