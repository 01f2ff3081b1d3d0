using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.SignalR.Client;
using Vibe.Cli.Api;
using Vibe.Cli.Api.Models;
using Vibe.Cli.Auth;
using Vibe.Cli.Hub;
using Vibe.Cli.Output;
using Vibe.Cli.Workspaces;

namespace Vibe.Cli.Agent;

/// <summary>
/// <c>vibe agent WS "prompt"</c>: asks the workspace's AI agent and streams its reply and tool calls until the run ends;
/// Ctrl+C cancels the run (a second Ctrl+C leaves at once). <c>vibe agent revert WS RUN</c> undoes a run's file changes.
/// </summary>
internal static class AgentCommand
{
    private const int MaxTitleChars = 60;

    public static Command Create()
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var prompt = new Argument<string>("prompt") { Description = "What the agent should do" };
        var thread = new Option<string?>("--thread") { Description = "Continue this conversation (its id) instead of starting a new one" };
        var command = new Command("agent", "Ask a workspace's AI agent to do something; streams its reply and tool calls, Ctrl+C cancels the run")
        {
            workspace, prompt, thread,
        };
        command.Subcommands.Add(Revert());
        command.SetAction((parse, cancellationToken) => AskAsync(parse.GetValue(workspace)!, parse.GetValue(prompt)!, parse.GetValue(thread), cancellationToken));
        return command;
    }

    private static Command Revert()
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var run = new Argument<string>("run") { Description = "The run's id, as `vibe agent` prints it when the run ends" };
        var command = new Command("revert", "Undo the file changes of an agent run, unless someone has edited those files since") { workspace, run };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var api = VibeApi.SignedIn(CredentialStore.ForCurrentUser());
            var details = await WorkspaceResolver.ResolveAsync(api, parse.GetValue(workspace)!, cancellationToken);
            await using var hub = await WorkspaceHub.ConnectAsync(api, cancellationToken);
            var result = await hub.InvokeAsync<AgentRevertResult>("RevertAgentRun", [details.Id, parse.GetValue(run)], cancellationToken);
            if (!result.Reverted)
            {
                throw new CliException(result.Message + (result.Conflicts.Count > 0 ? $" ({string.Join(", ", result.Conflicts)})" : ""));
            }

            Console.WriteLine(result.Message);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<int> AskAsync(string reference, string prompt, string? threadId, CancellationToken cancellationToken)
    {
        using var api = VibeApi.SignedIn(CredentialStore.ForCurrentUser());
        var workspace = await WorkspaceResolver.ResolveAsync(api, reference, cancellationToken);
        await using var hub = await WorkspaceHub.ConnectAsync(api, cancellationToken);

        var renderer = new AgentRunRenderer(Consoles.Out);
        var gate = new Lock();
        var early = new List<AgentRunEvent>();
        string? runId = null;
        long lastSequence = 0;
        var finished = new TaskCompletionSource<AgentRunEvent>(TaskCreationOptions.RunContinuationsAsynchronously);

        void Handle(AgentRunEvent e)
        {
            if (e.RunId != runId || e.Sequence <= lastSequence)
            {
                return;
            }

            lastSequence = e.Sequence;
            renderer.Render(e);
            if (e.Kind == "finished")
            {
                finished.TrySetResult(e);
            }
        }

        using var onEvent = hub.Connection.On<AgentRunEvent>("agentEvent", e =>
        {
            lock (gate)
            {
                if (runId is null)
                {
                    early.Add(e);
                }
                else
                {
                    Handle(e);
                }
            }
        });

        // Ctrl+C before the run has an id cancels it as soon as it has one; a second Ctrl+C leaves at once.
        var interrupted = 0;
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            if (Interlocked.Increment(ref interrupted) == 1)
            {
                context.Cancel = true;
                Consoles.WriteNote("Cancelling the run… (Ctrl+C again to leave now)");
                if (Volatile.Read(ref runId) is { } id)
                {
                    _ = hub.Connection.InvokeAsync("CancelAgentRun", workspace.Id, id, CancellationToken.None);
                }
            }
        });

        // A new connection watches nothing: watch again and replay the run's events from the server (seen ones are skipped).
        hub.Reconnected(async () =>
        {
            await hub.InvokeAsync("WatchAgent", [workspace.Id], CancellationToken.None);
            if (Volatile.Read(ref runId) is { } id && threadId is not null)
            {
                var runs = await hub.InvokeAsync<List<AgentRunInfo>>("GetAgentThreadRuns", [workspace.Id, threadId], CancellationToken.None);
                lock (gate)
                {
                    foreach (var e in runs.FirstOrDefault(r => r.RunId == id)?.Events ?? [])
                    {
                        Handle(e);
                    }
                }
            }
        });

        // Watch first, then start: events of the run that come before StartAgentRun answers are held, none is missed.
        await hub.InvokeAsync("WatchAgent", [workspace.Id], cancellationToken);
        threadId ??= (await hub.InvokeAsync<ChatThreadInfo>("CreateAgentThread", [workspace.Id, Title(prompt)], cancellationToken)).ThreadId;
        var run = await hub.InvokeAsync<AgentRunInfo>("StartAgentRun", [workspace.Id, threadId, prompt], cancellationToken);
        lock (gate)
        {
            Volatile.Write(ref runId, run.RunId);
            foreach (var e in run.Events.Concat(early))
            {
                Handle(e);
            }

            early.Clear();
        }

        if (Volatile.Read(ref interrupted) > 0)
        {
            await hub.InvokeAsync("CancelAgentRun", [workspace.Id, run.RunId], cancellationToken);
        }

        var ended = await Task.WhenAny(finished.Task, hub.Closed);
        if (ended != finished.Task)
        {
            throw new CliException($"The connection to the server was lost; the run {run.RunId} may still be going (see the workspace's agent panel).");
        }

        var outcome = await finished.Task;
        var summary = await SummaryAsync(hub, workspace.Id, threadId, run.RunId, cancellationToken);
        Consoles.WriteNote($"Run {run.RunId}: {WireValue.Shown(outcome.Status ?? "")}{summary}");
        if (summary.Contains("changed", StringComparison.Ordinal))
        {
            Consoles.WriteNote($"Undo its changes with: vibe agent revert {workspace.Id} {run.RunId}");
        }

        return outcome.Status switch
        {
            "completed" => ExitCodes.Success,
            "cancelled" => ExitCodes.Interrupted,
            _ => throw new CliException($"The run ended {WireValue.Shown(outcome.Status ?? "")}: {outcome.Error ?? "no reason given"}"),
        };
    }

    private static async Task<string> SummaryAsync(WorkspaceHub hub, string workspaceId, string threadId, string runId, CancellationToken cancellationToken)
    {
        var runs = await hub.InvokeAsync<List<AgentRunInfo>>("GetAgentThreadRuns", [workspaceId, threadId], cancellationToken);
        return runs.FirstOrDefault(r => r.RunId == runId) is { } run
            ? $" · {run.Steps} steps · {run.InputTokens} in / {run.OutputTokens} out tokens"
                + (run.ChangedFiles.Count > 0 ? $" · changed {string.Join(", ", run.ChangedFiles)}" : "")
            : "";
    }

    private static string Title(string prompt)
    {
        var line = prompt.Trim().Split('\n')[0].Trim();
        return line.Length <= MaxTitleChars ? line : line[..(MaxTitleChars - 1)] + "…";
    }
}
