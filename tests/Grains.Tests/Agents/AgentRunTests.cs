using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using Vibe.FakeProviders;
using Vibe.Grains.Interfaces.Agents;
using Vibe.Grains.Interfaces.Documents;
using Vibe.Grains.Interfaces.Errors;

namespace Vibe.Grains.Tests.Agents;

/// <summary>Agent runs against a real running workspace and a fake provider server reached through the real client packages.</summary>
[Collection(WorkspaceCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class AgentRunTests(SharedWorkspaceSilo fixture)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    private WorkspaceSilo Silo => fixture.Silo;

    [Fact]
    public async Task A_scripted_run_reads_edits_and_runs_cat_and_everyone_sees_the_edit()
    {
        await using var fake = await FakeProviderServer.StartAsync();
        var (id, workspace) = await StartWorkspaceAsync();
        await workspace.WriteFile("notes.txt", Encoding.UTF8.GetBytes("Hello world\n"));
        await using var updates = await DocumentRecorder.RecordUpdatesAsync(Silo, DocumentKeys.Format(id, "notes.txt"));
        await using var events = await StreamRecorder.SubscribeAsync<AgentRunEvent>(Silo, AgentStreams.Events, id);
        fake.Enqueue(
            FakeTurn.ToolCall("read_file", """{"path":"notes.txt"}""", "call_read"),
            FakeTurn.Text("Changing the greeting.").WithToolCall("edit_file", """{"path":"notes.txt","old_text":"world","new_text":"agent"}""", "call_edit"),
            FakeTurn.ToolCall("run_command", """{"command":"cat notes.txt"}""", "call_cat"),
            FakeTurn.Text("Done: ", "the file now greets the agent."));

        var started = await StartRunAsync(id, fake.AnthropicSettings());
        var run = await WaitForEndAsync(id, started.RunId);

        Assert.Equal(AgentRunStatus.Completed, run.Status);
        Assert.Null(run.Error);
        Assert.Equal(4, run.Steps);
        Assert.Equal(["notes.txt"], run.ChangedFiles);
        Assert.Equal("Hello agent\n", Encoding.UTF8.GetString(await workspace.ReadFile("notes.txt")));
        Assert.Equal("Hello agent\n", (await Document(id, "notes.txt").GetText()).Text);
        await updates.WaitForAsync(e => e.Updates.Any(u => u.ClientId == $"agent:{run.RunId}"), "the agent's edit on the document's update stream");

        Assert.Equal(4, fake.Requests.Count);
        Assert.Equal(new FakeToolResult("call_read", "Hello world\n", false), Assert.Single(fake.Requests[1].ToolResults()));
        var cat = fake.Requests[3].ToolResults()[^1];
        Assert.Equal(("call_cat", "exit code: 0\nHello agent\n", false), (cat.ToolCallId, cat.Content, cat.IsError));
        Assert.Equal(["list_files", "read_file", "write_file", "edit_file", "search", "run_command"], fake.Requests[0].ToolNames);

        Assert.Equal(Enumerable.Range(1, run.Events.Count).Select(i => (long)i), run.Events.Select(e => e.Sequence));
        var edit = Assert.Single(run.Events, e => e.Kind == AgentRunEventKind.ToolCallFinished && e.ToolCallId == "call_edit");
        Assert.Contains("-Hello world\n+Hello agent\n", edit.Diff, StringComparison.Ordinal);
        Assert.Equal("Changing the greeting.Done: the file now greets the agent.", string.Concat(run.Events.Where(e => e.Kind == AgentRunEventKind.TextDelta).Select(e => e.Text)));
        var usage = run.Events.Last(e => e.Kind == AgentRunEventKind.Usage);
        Assert.Equal((run.InputTokens, run.OutputTokens), (usage.InputTokens, usage.OutputTokens));
        Assert.True(run.InputTokens > 0 && run.OutputTokens > 0);
        await events.WaitForAsync(e => e.RunId == run.RunId && e.Kind == AgentRunEventKind.Finished, "the run's Finished event on the agent stream");
        Assert.Equal(run.Events.Select(e => e.Sequence), events.Items.Where(e => e.RunId == run.RunId).Select(e => e.Sequence));
    }

    [Fact]
    public async Task An_openai_run_creates_a_file_and_the_next_run_of_the_thread_gets_the_conversation_so_far()
    {
        await using var fake = await FakeProviderServer.StartAsync();
        var (id, workspace) = await StartWorkspaceAsync();
        fake.Enqueue(
            FakeTurn.ToolCall("write_file", """{"path":"/workspace/src/new.txt","content":"fresh\n"}""", "call_write"),
            FakeTurn.ToolCall("run_command", """{"command":"wc -l < src/new.txt"}""", "call_wc"),
            FakeTurn.Text("Created src/new.txt."),
            FakeTurn.Text("It has one line."));
        var chat = Silo.Grains.GetGrain<IWorkspaceChatGrain>(id);
        var thread = await chat.CreateThread("files", "alice");

        var first = await chat.StartRun(Request(thread.ThreadId, "Create src/new.txt", fake.OpenAISettings()));
        var run = await WaitForEndAsync(id, first.RunId);

        Assert.Equal(AgentRunStatus.Completed, run.Status);
        Assert.Equal("fresh\n", Encoding.UTF8.GetString(await workspace.ReadFile("src/new.txt")));
        var wc = fake.Requests[2].ToolResults()[^1];
        Assert.Equal(("call_wc", "exit code: 0\n1\n"), (wc.ToolCallId, wc.Content));
        Assert.Contains("+fresh", Assert.Single(run.Events, e => e.ToolCallId == "call_write" && e.Kind == AgentRunEventKind.ToolCallFinished).Diff, StringComparison.Ordinal);

        var second = await chat.StartRun(Request(thread.ThreadId, "How many lines?", fake.OpenAISettings()));
        Assert.Equal(AgentRunStatus.Completed, (await WaitForEndAsync(id, second.RunId)).Status);
        var messages = fake.Requests[3].Body.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString(), TextOf(m))).ToList();
        Assert.Equal([("user", "Create src/new.txt"), ("assistant", "Created src/new.txt."), ("user", "How many lines?")], messages.Where(m => m.Item1 != "system"));
        Assert.Equal([first.RunId, second.RunId], (await chat.GetThreadRuns(thread.ThreadId)).Select(r => r.RunId));
    }

    [Fact]
    public async Task Cancelling_a_run_mid_command_stops_the_command()
    {
        await using var fake = await FakeProviderServer.StartAsync();
        var (id, workspace) = await StartWorkspaceAsync();
        fake.Enqueue(FakeTurn.ToolCall("run_command", """{"command":"sleep 60"}""", "call_sleep"), FakeTurn.Text("never sent"));

        var started = await StartRunAsync(id, fake.AnthropicSettings());
        await Eventually.Until(async () => (await ProcessesAsync(workspace)).Contains("sleep 60", StringComparison.Ordinal), "sleep 60 running in the container", RunTimeout);
        var cancelled = await Run(id, started.RunId).Cancel();

        Assert.Equal(AgentRunStatus.Cancelled, cancelled.Status);
        Assert.Equal(AgentRunEventKind.Finished, cancelled.Events[^1].Kind);
        await Eventually.Until(async () => !(await ProcessesAsync(workspace)).Contains("sleep 60", StringComparison.Ordinal), "sleep 60 killed", TimeSpan.FromSeconds(10));
        Assert.Single(fake.Requests);
        Assert.Equal(AgentRunStatus.Cancelled, (await Run(id, started.RunId).Cancel()).Status);
    }

    [Fact]
    public async Task A_missing_snippet_and_a_command_timeout_go_back_to_the_model_as_tool_errors()
    {
        await using var fake = await FakeProviderServer.StartAsync();
        var (id, workspace) = await StartWorkspaceAsync();
        await workspace.WriteFile("app.js", Encoding.UTF8.GetBytes("console.log('hi');\n"));
        fake.Enqueue(
            FakeTurn.ToolCall("edit_file", """{"path":"app.js","old_text":"not in the file","new_text":"x"}""", "call_edit")
                .WithToolCall("run_command", """{"command":"sleep 30","timeout_seconds":1}""", "call_slow"),
            FakeTurn.Text("Both failed; giving up."));

        var started = await StartRunAsync(id, fake.AnthropicSettings());
        var run = await WaitForEndAsync(id, started.RunId);

        Assert.Equal(AgentRunStatus.Completed, run.Status);
        var results = fake.Requests[1].ToolResults();
        Assert.Equal(["call_edit", "call_slow"], results.Select(r => r.ToolCallId));
        Assert.All(results, r => Assert.True(r.IsError));
        Assert.StartsWith("old_text was not found in app.js; nothing was changed.", results[0].Content, StringComparison.Ordinal);
        Assert.StartsWith("The command timed out after 1 s and was stopped.", results[1].Content, StringComparison.Ordinal);
        Assert.Equal("console.log('hi');\n", (await Document(id, "app.js").GetText()).Text);
        Assert.Empty(run.ChangedFiles);
        await Eventually.Until(async () => !(await ProcessesAsync(workspace)).Contains("sleep 30", StringComparison.Ordinal), "the timed-out command killed");
    }

    [Fact]
    public async Task The_step_limit_ends_a_run_that_keeps_calling_tools()
    {
        await using var fake = await FakeProviderServer.StartAsync();
        var (id, _) = await StartWorkspaceAsync();
        for (var i = 0; i < 5; i++)
        {
            fake.Enqueue(FakeTurn.ToolCall("list_files", """{"path":"."}"""));
        }

        var chat = Silo.Grains.GetGrain<IWorkspaceChatGrain>(id);
        var thread = await chat.CreateThread("loop", "alice");
        var started = await chat.StartRun(Request(thread.ThreadId, "Loop forever", fake.AnthropicSettings()) with { Limits = new AgentRunLimits(3, 1_000_000, TimeSpan.FromMinutes(5)) });
        var run = await WaitForEndAsync(id, started.RunId);

        Assert.Equal(AgentRunStatus.LimitReached, run.Status);
        Assert.Contains("limit of 3 steps", run.Error, StringComparison.Ordinal);
        Assert.Equal(3, run.Steps);
        Assert.Equal(3, fake.Requests.Count);
    }

    [Fact]
    public async Task Search_and_list_files_answer_from_the_workspace()
    {
        await using var fake = await FakeProviderServer.StartAsync();
        var (id, workspace) = await StartWorkspaceAsync();
        await workspace.WriteFile("src/app.js", Encoding.UTF8.GetBytes("const port = 3000;\nlisten(port);\n"));
        await workspace.WriteFile("README.md", Encoding.UTF8.GetBytes("# demo\n"));
        fake.Enqueue(
            FakeTurn.ToolCall("search", """{"pattern":"port"}""", "call_search")
                .WithToolCall("search", """{"pattern":"nowhere-to-be-found","path":"src"}""", "call_none")
                .WithToolCall("list_files", """{"path":"."}""", "call_list")
                .WithToolCall("read_file", """{"path":"../etc/passwd"}""", "call_escape"),
            FakeTurn.Text("Found it."));

        var run = await WaitForEndAsync(id, (await StartRunAsync(id, fake.AnthropicSettings())).RunId);

        Assert.Equal(AgentRunStatus.Completed, run.Status);
        var results = fake.Requests[1].ToolResults();
        Assert.Equal("./src/app.js:1:const port = 3000;\n./src/app.js:2:listen(port);", results[0].Content);
        Assert.Equal("No matches for 'nowhere-to-be-found' in src.", results[1].Content);
        Assert.Equal("README.md (7 bytes)\nsrc/", results[2].Content);
        Assert.True(results[3].IsError);
        Assert.Contains("'..'", results[3].Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_and_time_limits_end_a_run()
    {
        await using var fake = await FakeProviderServer.StartAsync();
        var (id, _) = await StartWorkspaceAsync();
        var gate = new FakeGate();
        fake.Enqueue(FakeTurn.ToolCall("list_files", """{"path":"."}""").WithUsage(900, 200), FakeTurn.Text("slow").WaitFor(gate));
        var chat = Silo.Grains.GetGrain<IWorkspaceChatGrain>(id);
        var thread = await chat.CreateThread("limits", "alice");

        var tokens = await chat.StartRun(Request(thread.ThreadId, "Use many tokens", fake.AnthropicSettings()) with { Limits = new AgentRunLimits(10, 1000, TimeSpan.FromMinutes(5)) });
        var tokenRun = await WaitForEndAsync(id, tokens.RunId);
        var slow = await chat.StartRun(Request(thread.ThreadId, "Take too long", fake.AnthropicSettings()) with { Limits = new AgentRunLimits(10, 1_000_000, TimeSpan.FromSeconds(1)) });
        var slowRun = await WaitForEndAsync(id, slow.RunId);

        Assert.Equal(AgentRunStatus.LimitReached, tokenRun.Status);
        Assert.Contains("limit of 1000 tokens (1100 used)", tokenRun.Error, StringComparison.Ordinal);
        Assert.Equal(AgentRunStatus.LimitReached, slowRun.Status);
        Assert.Contains("time limit", slowRun.Error, StringComparison.Ordinal);
        await gate.Abandoned;
    }

    [Fact]
    public async Task Reverting_a_run_restores_the_files_it_changed()
    {
        await using var fake = await FakeProviderServer.StartAsync();
        var (id, workspace) = await StartWorkspaceAsync();
        await workspace.WriteFile("a.txt", Encoding.UTF8.GetBytes("one\ntwo\nthree\n"));
        fake.Enqueue(
            FakeTurn.ToolCall("edit_file", """{"path":"a.txt","old_text":"two","new_text":"TWO"}""")
                .WithToolCall("write_file", """{"path":"b.txt","content":"created\n"}"""),
            FakeTurn.ToolCall("edit_file", """{"path":"a.txt","old_text":"three","new_text":"THREE"}"""),
            FakeTurn.Text("Edited."));
        var started = await StartRunAsync(id, fake.AnthropicSettings());
        var run = await WaitForEndAsync(id, started.RunId);
        Assert.Equal(["a.txt", "b.txt"], run.ChangedFiles);
        Assert.Equal("one\nTWO\nTHREE\n", (await Document(id, "a.txt").GetText()).Text);
        // On disk as soon as the run reads as ended, though no command of the run made the document write it.
        Assert.Equal("one\nTWO\nTHREE\n", Encoding.UTF8.GetString(await workspace.ReadFile("a.txt")));

        var reverted = await Run(id, run.RunId).Revert("bob", "Bob");

        Assert.True(reverted.Reverted, reverted.Message);
        Assert.Equal("one\ntwo\nthree\n", (await Document(id, "a.txt").GetText()).Text);
        Assert.Equal("one\ntwo\nthree\n", Encoding.UTF8.GetString(await workspace.ReadFile("a.txt")));
        Assert.DoesNotContain(await workspace.ListFiles("."), e => e.Name == "b.txt");
        var info = await Run(id, run.RunId).GetInfo();
        Assert.True(info.Reverted);
        Assert.Equal(AgentRunEventKind.Reverted, info.Events[^1].Kind);
        var again = await Run(id, run.RunId).Revert("bob", "Bob");
        Assert.False(again.Reverted);
        Assert.Equal("This run has already been reverted.", again.Message);
    }

    [Fact]
    public async Task The_agents_cursor_leaves_the_files_it_edited_when_its_run_ends_and_when_its_revert_ends()
    {
        await using var fake = await FakeProviderServer.StartAsync();
        var (id, workspace) = await StartWorkspaceAsync();
        await workspace.WriteFile("c.txt", Encoding.UTF8.GetBytes("alpha\nbeta\n"));
        await Document(id, "c.txt").SetPresence(new DocumentPresence("", "person-1", "alice", "Alice", "#123456", 0, [new DocumentSelectionRange(0, 0)], Left: false));
        fake.Enqueue(
            FakeTurn.ToolCall("edit_file", """{"path":"c.txt","old_text":"beta","new_text":"BETA"}"""),
            FakeTurn.Text("Edited."));
        var run = await WaitForEndAsync(id, (await StartRunAsync(id, fake.AnthropicSettings())).RunId);
        Assert.Equal(["c.txt"], run.ChangedFiles);

        // Only the person who is still there is present once the run has ended, and again once its revert has ended.
        Assert.Equal(["person-1"], (await Document(id, "c.txt").GetPresence()).Select(p => p.ClientId));
        var reverted = await Run(id, run.RunId).Revert("bob", "Bob Builder");
        Assert.True(reverted.Reverted, reverted.Message);
        Assert.Equal(["person-1"], (await Document(id, "c.txt").GetPresence()).Select(p => p.ClientId));
    }

    [Fact]
    public async Task Reverting_is_refused_where_a_person_edited_the_same_lines_and_allowed_where_they_edited_elsewhere()
    {
        await using var fake = await FakeProviderServer.StartAsync();
        var (id, workspace) = await StartWorkspaceAsync();
        var original = string.Concat(Enumerable.Range(1, 10).Select(i => $"line {i}\n"));
        await workspace.WriteFile("same.txt", Encoding.UTF8.GetBytes(original));
        await workspace.WriteFile("other.txt", Encoding.UTF8.GetBytes(original));
        fake.Enqueue(
            FakeTurn.ToolCall("edit_file", """{"path":"same.txt","old_text":"line 2\n","new_text":"agent 2\n"}"""),
            FakeTurn.Text("Edited same.txt."),
            FakeTurn.ToolCall("edit_file", """{"path":"other.txt","old_text":"line 2\n","new_text":"agent 2\n"}"""),
            FakeTurn.Text("Edited other.txt."));
        var sameRun = await WaitForEndAsync(id, (await StartRunAsync(id, fake.AnthropicSettings())).RunId);
        var otherRun = await WaitForEndAsync(id, (await StartRunAsync(id, fake.AnthropicSettings())).RunId);
        var bob = new DocumentAuthor("person:bob", "bob", "Bob", "#ef4444");
        var same = Document(id, "same.txt");
        var other = Document(id, "other.txt");
        var sameEdited = original.Replace("line 2\n", "agent 2 and bob\n", StringComparison.Ordinal);
        var otherEdited = original.Replace("line 2\n", "agent 2\n", StringComparison.Ordinal).Replace("line 9\n", "bob 9\n", StringComparison.Ordinal);
        Assert.Equal(DocumentEditStatus.Applied, (await same.ReplaceText(bob, sameEdited)).Status);
        Assert.Equal(DocumentEditStatus.Applied, (await other.ReplaceText(bob, otherEdited)).Status);

        var refused = await Run(id, sameRun.RunId).Revert("alice", "Alice");

        Assert.False(refused.Reverted);
        Assert.Equal(["same.txt: line 2 changed since the run, where the run had edited"], refused.Conflicts);
        Assert.Contains("same.txt: line 2", refused.Message, StringComparison.Ordinal);
        Assert.Equal(sameEdited, (await same.GetText()).Text);
        Assert.False((await Run(id, sameRun.RunId).GetInfo()).Reverted);

        var allowed = await Run(id, otherRun.RunId).Revert("alice", "Alice");

        Assert.True(allowed.Reverted, allowed.Message);
        Assert.Equal(original.Replace("line 9\n", "bob 9\n", StringComparison.Ordinal), (await other.GetText()).Text);
    }

    [Fact]
    public async Task A_second_run_while_one_is_going_is_refused_naming_the_running_one()
    {
        await using var fake = await FakeProviderServer.StartAsync();
        var (id, _) = await StartWorkspaceAsync();
        var gate = new FakeGate();
        fake.Enqueue(FakeTurn.Text("Thinking").WaitFor(gate).WithText(" done."), FakeTurn.Text("Second."));
        var chat = Silo.Grains.GetGrain<IWorkspaceChatGrain>(id);
        var thread = await chat.CreateThread("busy", "alice");
        var first = await chat.StartRun(Request(thread.ThreadId, "Take your time", fake.AnthropicSettings()));
        await gate.Reached;

        var busy = await Assert.ThrowsAsync<AgentBusyException>(() => chat.StartRun(Request(thread.ThreadId, "Me too", fake.OpenAISettings())));

        Assert.Contains($"run {first.RunId}", busy.Message, StringComparison.Ordinal);
        Assert.Contains("Take your time", busy.Message, StringComparison.Ordinal);
        Assert.Equal(AgentRunStatus.Running, (await Run(id, first.RunId).GetInfo()).Status);
        var revertWhileRunning = await Run(id, first.RunId).Revert("alice", "Alice");
        Assert.False(revertWhileRunning.Reverted);

        gate.Release();
        Assert.Equal(AgentRunStatus.Completed, (await WaitForEndAsync(id, first.RunId)).Status);
        var second = await chat.StartRun(Request(thread.ThreadId, "Now me", fake.AnthropicSettings()));
        Assert.Equal(AgentRunStatus.Completed, (await WaitForEndAsync(id, second.RunId)).Status);
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_a_reason()
    {
        await using var fake = await FakeProviderServer.StartAsync();
        var chat = Silo.Grains.GetGrain<IWorkspaceChatGrain>(TestRun.NewWorkspaceId());
        var thread = await chat.CreateThread("t", "alice");

        var noThread = await Assert.ThrowsAsync<InvalidRequestException>(() => chat.StartRun(Request("t-missing", "hi", fake.AnthropicSettings())));
        var empty = await Assert.ThrowsAsync<InvalidRequestException>(() => chat.StartRun(Request(thread.ThreadId, "  ", fake.AnthropicSettings())));
        var tooLong = await Assert.ThrowsAsync<InvalidRequestException>(() => chat.StartRun(Request(thread.ThreadId, new string('x', 40_000), fake.AnthropicSettings())));

        Assert.Contains("has no chat thread 't-missing'", noThread.Message, StringComparison.Ordinal);
        Assert.Contains("the prompt is empty", empty.Message, StringComparison.Ordinal);
        Assert.Contains("at most 32000 characters", tooLong.Message, StringComparison.Ordinal);
        Assert.Empty((await chat.GetThreadRuns(thread.ThreadId)));
    }

    private async Task<(string Id, IWorkspaceGrain Workspace)> StartWorkspaceAsync()
    {
        var id = TestRun.NewWorkspaceId();
        var workspace = await Silo.CreateAsync(id: id);
        await workspace.Start();
        return (id, workspace);
    }

    private async Task<AgentRunInfo> StartRunAsync(string workspaceId, AgentProviderSettings provider)
    {
        var chat = Silo.Grains.GetGrain<IWorkspaceChatGrain>(workspaceId);
        var thread = await chat.CreateThread("test", "alice");
        return await chat.StartRun(Request(thread.ThreadId, "Please do the scripted thing", provider));
    }

    private static AgentRunRequest Request(string threadId, string prompt, AgentProviderSettings provider) =>
        new(threadId, prompt, "alice", "Alice", provider, new AgentRunLimits(10, 1_000_000, TimeSpan.FromMinutes(5)));

    private async Task<AgentRunInfo> WaitForEndAsync(string workspaceId, string runId)
    {
        var run = Run(workspaceId, runId);
        await Eventually.Until(async () => (await run.GetInfo()).Status != AgentRunStatus.Running, $"run {runId} to end", RunTimeout);
        return await run.GetInfo();
    }

    private IAgentRunGrain Run(string workspaceId, string runId) => Silo.Grains.GetGrain<IAgentRunGrain>($"{workspaceId}/{runId}");

    private IDocumentGrain Document(string workspaceId, string path) => Silo.Grains.GetGrain<IDocumentGrain>(DocumentKeys.Format(workspaceId, path));

    private static async Task<string> ProcessesAsync(IWorkspaceGrain workspace) => (await workspace.Exec(["ps"], TimeSpan.FromSeconds(10))).Stdout;

    private static string TextOf(JsonElement message)
    {
        var content = message.GetProperty("content");
        return content.ValueKind switch
        {
            JsonValueKind.String => content.GetString() ?? "",
            JsonValueKind.Array => string.Concat(content.EnumerateArray().Select(p => p.TryGetProperty("text", out var t) ? t.GetString() : "")),
            _ => "",
        };
    }
}
