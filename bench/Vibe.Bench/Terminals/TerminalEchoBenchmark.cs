using System.Diagnostics;
using Vibe.Bench.Workspaces;
using Vibe.Grains.Interfaces.Terminals;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.Bench.Terminals;

/// <summary>
/// Terminal echo: one keystroke sent to a terminal session grain (<see cref="IContainerSessionGrain.Input"/>) until its echo arrives
/// at a watcher of the session (an observer, as WebFront's hub feed), beside the same keystroke typed into <c>docker exec -it</c> on a pty. Both run the same login
/// shell as the same user in the same container; each round types a letter (timed) and erases it (untimed). The two alternate in
/// blocks, so a slow moment of the shared machine hits both alike.
/// </summary>
internal sealed class TerminalEchoBenchmark : IBenchmark
{
    private const string User = "64000:64000";

    private static readonly TimeSpan EchoTimeout = TimeSpan.FromSeconds(10);

    public string Name => "terminal-echo";

    public string Description => "keystroke to echo through a terminal session grain, beside docker exec -it on a pty (ms)";

    public async Task<BenchmarkResult> RunAsync(BenchmarkContext context)
    {
        await BenchWorkspaceSilo.EnsureDockerAsync();
        var blocks = context.Quick ? 2 : 10;
        var perBlock = context.Quick ? 20 : 50;
        const int warmUp = 5;
        await using var silo = await BenchWorkspaceSilo.StartAsync(BenchWorkspaceSilo.NewServiceId());
        var workspace = silo.Grains.GetGrain<IWorkspaceGrain>(WorkspaceStarter.NewId("echo"));
        await WorkspaceStarter.StartAsync(workspace);
        var containerId = (await workspace.GetInfo()).ContainerId!;
        var baseline = new DockerExecEchoBaseline(context.RepositoryRoot, containerId, User);

        var opened = await workspace.OpenTerminal(80, 24);
        var session = silo.Grains.GetGrain<IContainerSessionGrain>($"{opened.WorkspaceId}/{opened.SessionId}");
        await using var output = await TerminalEchoWatcher.WatchAsync(silo.Grains, session);
        await session.Input("echo vibe-bench-$((1+1))\n");
        var end = await output.WaitForAsync("vibe-bench-2\r\n", 0, EchoTimeout);
        await output.WaitForAsync("$ ", end, EchoTimeout);

        var grain = new Samples();
        var exec = new Samples();
        var letter = 0;
        for (var block = -1; block < blocks; block++)
        {
            var measured = block >= 0;
            for (var i = 0; i < (measured ? perBlock : warmUp); i++)
            {
                var typed = ((char)('a' + (letter++ % 26))).ToString();
                var from = output.Length;
                var started = Stopwatch.GetTimestamp();
                await session.Input(typed);
                var echoed = await output.WaitForAsync(typed, from, EchoTimeout);
                if (measured)
                {
                    grain.Add(Stopwatch.GetElapsedTime(started));
                }

                await session.Input("\x7f");
                await output.WaitForAsync("\b", echoed, EchoTimeout);
            }

            foreach (var milliseconds in await baseline.RunAsync(measured ? perBlock : warmUp, warmUp))
            {
                if (measured)
                {
                    exec.Add(TimeSpan.FromMilliseconds(milliseconds));
                }
            }
        }

        await session.Close();
        await workspace.Delete();
        return new BenchmarkResult(Name, grain.P50, "ms", exec.P50, grain.P50, grain.P99)
        {
            Notes =
            {
                $"{blocks} blocks of {perBlock} keystrokes each way, after a warm-up block; a `blank` workspace's login shell on an 80x24 terminal as uid 64000",
                "value: IContainerSessionGrain.Input of one letter until the letter arrives at an ITerminalObserver watching the session (in the silo's process)",
                "baseline: the same letter typed into `docker exec -it` (docker CLI on a pty of Python's pty module) until it comes back on the pty",
            },
            Extra =
            {
                ["baseline_p99_ms"] = exec.P99,
                ["p99_ratio"] = grain.P99 / exec.P99,
            },
        };
    }
}
