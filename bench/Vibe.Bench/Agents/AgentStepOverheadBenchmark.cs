using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vibe.Bench.Workspaces;
using Vibe.FakeProviders;
using Vibe.Grains.Agents.Models;
using Vibe.Grains.Interfaces.Agents;
using Vibe.Grains.Interfaces.Documents;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.Bench.Agents;

/// <summary>
/// agent-step-overhead: milliseconds of Vibe time per agent tool step. Runs go through the real chat and run grains, the
/// real Anthropic client and the fake provider server on loopback, scripted to call <c>write_file</c> (and, for the
/// command figures, <c>run_command</c>) step after step. A step is timed from the end of the model's response that called
/// the tool (its last event reaching the run) to the run's next model request (see <see cref="TimedModelClient"/>). The
/// baseline is the same write done directly, in the same run of the benchmark: <see cref="IDocumentGrain.ReplaceText"/> of
/// the same text on the same document (for commands: <see cref="IWorkspaceGrain.Exec"/> of the same command). The overhead
/// is the step time minus the direct time; the goal is under 5 ms for file tools.
/// </summary>
internal sealed class AgentStepOverheadBenchmark : IBenchmark
{
    private const string FilePath = "bench/agent-step.txt";
    private const string Command = "true";
    private static readonly DocumentAuthor DirectAuthor = new("bench-direct", WorkspaceStarter.Owner, "bench", "#0ea5e9");

    public string Name => "agent-step-overhead";

    public string Description => "ms of Vibe time per agent tool step (write_file), p50/p99; baseline the same write done directly";

    public async Task<BenchmarkResult> RunAsync(BenchmarkContext context)
    {
        var runs = context.Quick ? 3 : 12;
        var stepsPerRun = context.Quick ? 15 : 20;
        var commandSteps = context.Quick ? 10 : 30;
        await BenchWorkspaceSilo.EnsureDockerAsync();
        await using var fake = await FakeProviderServer.StartAsync();
        var clock = new StepClock();
        await using var silo = await AgentBenchSilo.StartAsync(clock);
        var workspaceId = WorkspaceStarter.NewId("agentstep");
        var workspace = silo.Grains.GetGrain<IWorkspaceGrain>(workspaceId);
        await WorkspaceStarter.StartAsync(workspace);
        await workspace.WriteFile(FilePath, "start\n"u8.ToArray());

        var chat = silo.Grains.GetGrain<IWorkspaceChatGrain>(workspaceId);
        var thread = await chat.CreateThread("bench", WorkspaceStarter.Owner);
        var provider = fake.AnthropicSettings();
        var limits = new AgentRunLimits(stepsPerRun + commandSteps + 5, 100_000_000, TimeSpan.FromMinutes(10));

        // Warm-up run: JIT, connections, document activation; its steps are not counted.
        await RunScriptAsync(silo, fake, chat, thread.ThreadId, provider, limits, Enumerable.Range(0, 5).Select(i => WriteCall(i, "warm")).ToList());
        clock.Drain();

        // Agent runs and direct writes take turns, so the shared machine's load weighs on both alike.
        var document = silo.Grains.GetGrain<IDocumentGrain>(DocumentKeys.Format(workspaceId, FilePath));
        var fileSteps = new Samples();
        var directWrites = new Samples();
        for (var run = 0; run < runs; run++)
        {
            await RunScriptAsync(silo, fake, chat, thread.ThreadId, provider, limits, Enumerable.Range(0, stepsPerRun).Select(i => WriteCall(i, $"run{run}")).ToList());
            foreach (var (_, gap) in clock.Drain())
            {
                fileSteps.Add(gap);
            }

            for (var i = 0; i < stepsPerRun; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await document.ReplaceText(DirectAuthor, Content(i, $"direct{run}"));
                directWrites.Add(Stopwatch.GetElapsedTime(started));
            }
        }

        await RunScriptAsync(silo, fake, chat, thread.ThreadId, provider, limits, Enumerable.Range(0, commandSteps).Select(_ => FakeTurn.ToolCall("run_command", JsonSerializer.Serialize(new { command = Command }))).ToList());
        var commandStepSamples = new Samples();
        foreach (var (_, gap) in clock.Drain())
        {
            commandStepSamples.Add(gap);
        }

        // The command baseline: the same command done directly.
        var directCommands = new Samples();
        for (var i = 0; i < commandStepSamples.Count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await workspace.Exec(["sh", "-c", Command], TimeSpan.FromSeconds(20));
            directCommands.Add(Stopwatch.GetElapsedTime(started));
        }

        return new BenchmarkResult(Name, fileSteps.P50, "ms", directWrites.P50, fileSteps.P50, fileSteps.P99)
        {
            Notes =
            {
                "value: p50 ms from the end of a model response calling write_file to the run's next model request; baseline: p50 ms of IDocumentGrain.ReplaceText of the same text",
                string.Create(CultureInfo.InvariantCulture, $"{fileSteps.Count} write_file steps over {runs} runs, {commandStepSamples.Count} run_command steps; real Anthropic client against the fake provider server on loopback"),
                "overhead = step - direct; goal: overhead p50 under 5 ms for file tools",
            },
            Extra =
            {
                ["write_file step p50 ms"] = fileSteps.P50,
                ["write_file step p99 ms"] = fileSteps.P99,
                ["direct ReplaceText p50 ms"] = directWrites.P50,
                ["direct ReplaceText p99 ms"] = directWrites.P99,
                ["write_file overhead p50 ms"] = fileSteps.P50 - directWrites.P50,
                ["write_file overhead p99 ms"] = fileSteps.P99 - directWrites.P99,
                ["run_command step p50 ms"] = commandStepSamples.P50,
                ["run_command step p99 ms"] = commandStepSamples.P99,
                ["direct Exec p50 ms"] = directCommands.P50,
                ["direct Exec p99 ms"] = directCommands.P99,
                ["run_command overhead p50 ms"] = commandStepSamples.P50 - directCommands.P50,
            },
        };
    }

    private static FakeTurn WriteCall(int step, string label) =>
        FakeTurn.ToolCall("write_file", JsonSerializer.Serialize(new { path = FilePath, content = Content(step, label) }));

    /// <summary>About 1 KiB of text that differs per step, as a small source file would.</summary>
    private static string Content(int step, string label) =>
        string.Concat(Enumerable.Range(0, 32).Select(line => string.Create(CultureInfo.InvariantCulture, $"// {label} step {step} line {line} of the benchmark file\n")));

    /// <summary>Runs one agent run of <paramref name="toolTurns"/> then a closing text turn, and waits until it has ended.</summary>
    private static async Task RunScriptAsync(AgentBenchSilo silo, FakeProviderServer fake, IWorkspaceChatGrain chat, string threadId, AgentProviderSettings provider, AgentRunLimits limits, List<FakeTurn> toolTurns)
    {
        fake.Enqueue([.. toolTurns, FakeTurn.Text("done")]);
        var started = await chat.StartRun(new AgentRunRequest(threadId, "benchmark", WorkspaceStarter.Owner, "bench", provider, limits));
        var run = silo.Grains.GetGrain<IAgentRunGrain>($"{started.WorkspaceId}/{started.RunId}");
        var waited = Stopwatch.StartNew();
        AgentRunInfo info;
        while ((info = await run.GetInfo()).Status == AgentRunStatus.Running)
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"Agent run {started.RunId} did not end within 5 minutes.");
            }

            // A benchmark driver, not a test: polling the run's state every 20 ms costs the silo next to nothing.
            await Task.Delay(20);
        }

        if (info.Status != AgentRunStatus.Completed)
        {
            throw new InvalidOperationException($"Agent run {started.RunId} ended {info.Status}: {info.Error}");
        }

        var failed = info.Events.FirstOrDefault(e => e.Kind == AgentRunEventKind.ToolCallFinished && e.IsError);
        if (failed is not null)
        {
            throw new InvalidOperationException($"A tool step of run {started.RunId} failed: {failed.Output}");
        }
    }
}
