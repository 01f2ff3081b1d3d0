using System.Runtime.Versioning;
using System.Text.Json;
using Vibe.FakeProviders;
using Vibe.Grains.Interfaces.Agents;
using Vibe.Grains.Interfaces.Documents;

namespace Vibe.Grains.Tests.Agents;

/// <summary>
/// A run saves each step while it asks the model again, and nothing about the run changes, nor does its next tool run,
/// before that save has ended: the storage in front of the run's state holds or fails the save of its first tool step.
/// </summary>
[Collection(WorkspaceCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class AgentRunSaveTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The run's state writes: the first is Start's, the second the first tool step's.</summary>
    private const int FirstStepSave = 2;

    [Fact]
    public async Task The_next_model_request_goes_out_while_a_step_saves_and_the_run_changes_nothing_until_the_save_ends()
    {
        var storage = new HeldStateStorage("agentRun", FirstStepSave, fail: false);
        await using var silo = await WorkspaceSilo.StartAsync(configureSilo: storage.AddTo);
        await using var fake = await FakeProviderServer.StartAsync();
        var id = await StartWorkspaceAsync(silo);
        fake.Enqueue(WriteCall("one", "call_one"), FakeTurn.Text("Writing two.").WithToolCall("write_file", WriteInput("two"), "call_two"), FakeTurn.Text("Done."));

        var started = await StartRunAsync(silo, id, fake);
        await storage.Held.WaitAsync(Timeout);
        try
        {
            await fake.WaitForRequestAsync(1).WaitAsync(Timeout);

            // The second answer is on its way to the run: give it the time it would take to act on it, about a millisecond.
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            var waiting = await Run(silo, id, started.RunId).GetInfo();
            Assert.Equal(1, waiting.Steps);
            Assert.DoesNotContain(waiting.Events, e => e.ToolCallId == "call_two" || e.Kind == AgentRunEventKind.TextDelta);
            Assert.Equal("one\n", await TextAsync(silo, id));
        }
        finally
        {
            storage.Release();
        }

        var run = await WaitForEndAsync(silo, id, started.RunId);

        Assert.False(storage.ChangedWhileHeld);
        Assert.Equal(AgentRunStatus.Completed, run.Status);
        Assert.Equal(3, run.Steps);
        Assert.Equal("two\n", await TextAsync(silo, id));
        Assert.Equal(Enumerable.Range(1, run.Events.Count).Select(i => (long)i), run.Events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_step_whose_save_fails_fails_the_run_before_its_next_tool_runs()
    {
        var storage = new HeldStateStorage("agentRun", FirstStepSave, fail: true);
        storage.Release();
        await using var silo = await WorkspaceSilo.StartAsync(configureSilo: storage.AddTo);
        await using var fake = await FakeProviderServer.StartAsync();
        var id = await StartWorkspaceAsync(silo);
        fake.Enqueue(WriteCall("one", "call_one"), WriteCall("two", "call_two"), FakeTurn.Text("Done."));

        var started = await StartRunAsync(silo, id, fake);
        var run = await WaitForEndAsync(silo, id, started.RunId);

        Assert.Equal(AgentRunStatus.Failed, run.Status);
        Assert.Contains("The test's storage refused this write.", run.Error, StringComparison.Ordinal);
        Assert.Equal("one\n", await TextAsync(silo, id));
        Assert.DoesNotContain(run.Events, e => e.ToolCallId == "call_two");
        Assert.Equal(AgentRunEventKind.Finished, run.Events[^1].Kind);
    }

    private static FakeTurn WriteCall(string text, string callId) => FakeTurn.ToolCall("write_file", WriteInput(text), callId);

    private static string WriteInput(string text) => JsonSerializer.Serialize(new { path = "notes.txt", content = text + "\n" });

    /// <summary>The file as the run's tools write it: its document, which reaches the disk a little later.</summary>
    private static async Task<string> TextAsync(WorkspaceSilo silo, string workspaceId) =>
        (await silo.Grains.GetGrain<IDocumentGrain>(DocumentKeys.Format(workspaceId, "notes.txt")).GetText()).Text;

    private static async Task<string> StartWorkspaceAsync(WorkspaceSilo silo)
    {
        var id = TestRun.NewWorkspaceId();
        var workspace = await silo.CreateAsync(id: id);
        await workspace.Start();
        await workspace.WriteFile("notes.txt", "zero\n"u8.ToArray());
        return id;
    }

    private static async Task<AgentRunInfo> StartRunAsync(WorkspaceSilo silo, string workspaceId, FakeProviderServer fake)
    {
        var chat = silo.Grains.GetGrain<IWorkspaceChatGrain>(workspaceId);
        var thread = await chat.CreateThread("save", "alice");
        return await chat.StartRun(new AgentRunRequest(thread.ThreadId, "Write the notes twice", "alice", "Alice", fake.AnthropicSettings(), new AgentRunLimits(10, 1_000_000, TimeSpan.FromMinutes(5))));
    }

    private static async Task<AgentRunInfo> WaitForEndAsync(WorkspaceSilo silo, string workspaceId, string runId)
    {
        var run = Run(silo, workspaceId, runId);
        await Eventually.Until(async () => (await run.GetInfo()).Status != AgentRunStatus.Running, $"run {runId} to end", Timeout);
        return await run.GetInfo();
    }

    private static IAgentRunGrain Run(WorkspaceSilo silo, string workspaceId, string runId) => silo.Grains.GetGrain<IAgentRunGrain>($"{workspaceId}/{runId}");
}
