using System.Runtime.Versioning;
using Vibe.FakeProviders;
using Vibe.Grains.Interfaces.Agents;

namespace Vibe.Grains.Tests.Agents;

/// <summary>Runs are persisted: another silo on the same storage sees them, and a run whose silo died is ended, not left running.</summary>
[Collection(WorkspaceCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class AgentRecoveryTests(StorageFixture databases)
{
    [Fact]
    public async Task A_run_whose_silo_died_is_marked_failed_with_its_events_kept_and_frees_the_workspace()
    {
        await using var fake = await FakeProviderServer.StartAsync();
        var service = WorkspaceSilo.NewService();
        var storage = await databases.NewDatabaseAsync();
        var gate = new FakeGate();
        fake.Enqueue(FakeTurn.Text("Working on it").WaitFor(gate), FakeTurn.Text("Fresh start."));
        var workspaceId = TestRun.NewWorkspaceId();
        var limits = new AgentRunLimits(5, 100_000, TimeSpan.FromMinutes(5));

        // The first silo starts a run and freezes mid-answer: as good as dead.
        await using var crashing = await WorkspaceSilo.StartAsync(service: service, storage: storage);
        var chat = crashing.Grains.GetGrain<IWorkspaceChatGrain>(workspaceId);
        var thread = await chat.CreateThread("recovery", "alice");
        var interrupted = await chat.StartRun(new AgentRunRequest(thread.ThreadId, "Do something long", "alice", "Alice", fake.AnthropicSettings(), limits));
        await gate.Reached;

        // Another cluster of the same service (as after the first silo was declared dead) finds the run in PostgreSQL.
        await using (var successor = await WorkspaceSilo.StartAsync(service: service, storage: storage))
        {
            var successorChat = successor.Grains.GetGrain<IWorkspaceChatGrain>(workspaceId);
            var next = await successorChat.StartRun(new AgentRunRequest(thread.ThreadId, "Try again", "bob", "Bob", fake.AnthropicSettings(), limits));
            await Eventually.Until(
                async () => (await successor.Grains.GetGrain<IAgentRunGrain>($"{workspaceId}/{next.RunId}").GetInfo()).Status != AgentRunStatus.Running,
                "the successor's run to end",
                TimeSpan.FromSeconds(60));

            var runs = await successorChat.GetThreadRuns(thread.ThreadId);

            Assert.Equal([interrupted.RunId, next.RunId], runs.Select(r => r.RunId));
            Assert.Equal(AgentRunStatus.Failed, runs[0].Status);
            Assert.Contains("interrupted", runs[0].Error, StringComparison.Ordinal);
            Assert.Equal([AgentRunEventKind.Started, AgentRunEventKind.Finished], runs[0].Events.Select(e => e.Kind));
            Assert.Equal("Do something long", runs[0].Prompt);
            Assert.Equal(AgentRunStatus.Completed, runs[1].Status);
            Assert.Equal("Fresh start.", Assert.Single(runs[1].Events, e => e.Kind == AgentRunEventKind.TextDelta).Text);
        }

        gate.Release();
    }
}
