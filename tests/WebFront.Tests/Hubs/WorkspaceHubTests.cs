using System.Text.Json;
using System.Text.RegularExpressions;
using Vibe.TestSupport;

namespace Vibe.WebFront.Tests.Hubs;

/// <summary>The workspace hub through the real @microsoft/signalr client: terminals, permissions, status and log events, bad input.</summary>
[Collection(WebFrontCollection.Name)]
public sealed partial class WorkspaceHubTests(SharedServer server) : IClassFixture<SharedServer>, IAsyncLifetime
{
    private HubTestApp? _app;
    private TestUser? _owner;
    private string? _workspaceId;

    private HubTestApp App => _app!;

    private TestUser Owner => _owner!;

    /// <summary>A running workspace of <see cref="Owner"/>, shared by the tests that only need one.</summary>
    private string WorkspaceId => _workspaceId!;

    public async Task InitializeAsync()
    {
        _app = await HubTestApp.StartAsync(server);
        _owner = await App.Factory.RegisterAsync();
        _workspaceId = await App.CreateWorkspaceAsync(Owner, start: true);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Typing_echo_hi_in_an_attached_terminal_shows_hi()
    {
        await App.ConnectAsync("typist", Owner);
        var session = await App.Client.InvokeAsync("typist", "OpenTerminal", WorkspaceId, 80, 24);
        var sessionId = session.GetProperty("sessionId").GetString()!;
        Assert.Equal("running", session.GetProperty("status").GetString());

        var attached = await App.Client.InvokeAsync("typist", "AttachTerminal", WorkspaceId, sessionId);
        var endOffset = attached.GetProperty("endOffset").GetInt64();
        await App.Client.InvokeAsync("typist", "SendInput", WorkspaceId, sessionId, "echo hi\r");

        // The shell echoes the command line, then prints the output on a line of its own.
        await Eventually.Until(
            () => OutputLineHi().IsMatch(App.TerminalText("typist", sessionId, endOffset)),
            "a line 'hi' in the terminal output",
            TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_second_viewer_sees_the_same_output_and_a_late_viewer_gets_it_as_scrollback()
    {
        await App.ConnectAsync("first", Owner);
        await App.ConnectAsync("second", Owner);
        var sessionId = (await App.Client.InvokeAsync("first", "OpenTerminal", WorkspaceId, 100, 30)).GetProperty("sessionId").GetString()!;
        var first = await App.Client.InvokeAsync("first", "AttachTerminal", WorkspaceId, sessionId);
        var second = await App.Client.InvokeAsync("second", "AttachTerminal", WorkspaceId, sessionId);

        // The arithmetic makes the output differ from the echoed command line.
        await App.Client.InvokeAsync("first", "SendInput", WorkspaceId, sessionId, "echo shared-$((40+2))\r");
        await App.WaitForTerminalTextAsync("first", sessionId, first.GetProperty("endOffset").GetInt64(), "shared-42");
        await App.WaitForTerminalTextAsync("second", sessionId, second.GetProperty("endOffset").GetInt64(), "shared-42");

        await App.ConnectAsync("late", Owner);
        var late = await App.Client.InvokeAsync("late", "AttachTerminal", WorkspaceId, sessionId);
        Assert.Contains("shared-42", late.GetProperty("scrollback").GetString(), StringComparison.Ordinal);
        Assert.Equal(sessionId, late.GetProperty("session").GetProperty("sessionId").GetString());
        Assert.True(late.GetProperty("endOffset").GetInt64() >= late.GetProperty("scrollback").GetString()!.Length);
    }

    [Fact]
    public async Task A_viewer_can_watch_a_terminal_but_not_type_into_it()
    {
        var viewer = await App.Factory.RegisterAsync();
        var teamId = await App.Rest.CreateTeamAsync(Owner, (viewer, "Viewer"));
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: true, teamId);
        await App.ConnectAsync("team-owner", Owner);
        await App.ConnectAsync("team-viewer", viewer);

        var joined = await App.Client.InvokeAsync("team-viewer", "JoinWorkspace", workspaceId);
        Assert.Equal("read", joined.GetProperty("permission").GetString());

        // A viewer learns neither who owns the workspace nor its container; the owner sees both.
        Assert.False(joined.TryGetProperty("ownerId", out var ownerId) && ownerId.ValueKind != JsonValueKind.Null, "a viewer sees the owner's id");
        Assert.False(joined.TryGetProperty("containerId", out var containerId) && containerId.ValueKind != JsonValueKind.Null, "a viewer sees the container id");
        var owned = await App.Client.InvokeAsync("team-owner", "JoinWorkspace", workspaceId);
        Assert.Equal(Owner.Id, owned.GetProperty("ownerId").GetGuid());
        Assert.False(string.IsNullOrEmpty(owned.GetProperty("containerId").GetString()));
        var sessionId = (await App.Client.InvokeAsync("team-owner", "OpenTerminal", workspaceId, 80, 24)).GetProperty("sessionId").GetString()!;
        var attached = await App.Client.InvokeAsync("team-viewer", "AttachTerminal", workspaceId, sessionId);
        Assert.Contains(sessionId, (await App.Client.InvokeAsync("team-viewer", "ListTerminals", workspaceId)).EnumerateArray().Select(s => s.GetProperty("sessionId").GetString()));

        await App.Client.InvokeAsync("team-owner", "SendInput", workspaceId, sessionId, "echo watched-$((6*7))\r");
        await App.WaitForTerminalTextAsync("team-viewer", sessionId, attached.GetProperty("endOffset").GetInt64(), "watched-42");

        var typing = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("team-viewer", "SendInput", workspaceId, sessionId, "echo typed-by-viewer\r"));
        Assert.Contains("you need write access to type in this terminal", typing.Message, StringComparison.Ordinal);
        var opening = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("team-viewer", "OpenTerminal", workspaceId, 80, 24));
        Assert.Contains("you need write access to open a terminal", opening.Message, StringComparison.Ordinal);
        var resizing = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("team-viewer", "ResizeTerminal", workspaceId, sessionId, 90, 30));
        Assert.Contains("you need write access to resize this terminal", resizing.Message, StringComparison.Ordinal);
        var closing = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("team-viewer", "CloseTerminal", workspaceId, sessionId));
        Assert.Contains("you need write access to close this terminal", closing.Message, StringComparison.Ordinal);

        // The refused input never reached the shell: the owner's next command is the next thing it ran.
        await App.Client.InvokeAsync("team-owner", "SendInput", workspaceId, sessionId, "echo after-$((1+1))\r");
        await App.WaitForTerminalTextAsync("team-viewer", sessionId, attached.GetProperty("endOffset").GetInt64(), "after-2");
        Assert.DoesNotContain("typed-by-viewer", App.TerminalText("team-viewer", sessionId, attached.GetProperty("endOffset").GetInt64()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_terminal_names_its_opener_and_a_private_one_is_refused_to_other_members()
    {
        var member = await App.Factory.RegisterAsync();
        var teamId = await App.Rest.CreateTeamAsync(Owner, (member, "Member"));
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: true, teamId);
        await App.ConnectAsync("private-owner", Owner);
        await App.ConnectAsync("private-member", member);
        await App.Client.InvokeAsync("private-member", "JoinWorkspace", workspaceId);

        var shared = await App.Client.InvokeAsync("private-owner", "OpenTerminal", workspaceId, 80, 24);
        var secret = await App.Client.InvokeAsync("private-owner", "OpenPrivateTerminal", workspaceId, 80, 24);
        var sharedId = shared.GetProperty("sessionId").GetString()!;
        var secretId = secret.GetProperty("sessionId").GetString()!;
        Assert.Equal(Owner.DisplayName, shared.GetProperty("owner").GetProperty("displayName").GetString());
        Assert.False(shared.GetProperty("owner").GetProperty("private").GetBoolean());
        Assert.True(secret.GetProperty("owner").GetProperty("private").GetBoolean());

        // The member sees and watches the shared one, named after its opener; the private one is neither listed nor reachable.
        var listed = (await App.Client.InvokeAsync("private-member", "ListTerminals", workspaceId)).EnumerateArray().ToList();
        Assert.Equal([sharedId], listed.Select(t => t.GetProperty("sessionId").GetString()));
        Assert.Equal(Owner.DisplayName, listed[0].GetProperty("owner").GetProperty("displayName").GetString());
        await App.Client.InvokeAsync("private-member", "AttachTerminal", workspaceId, sharedId);
        foreach (var (method, args) in new (string, object[])[]
        {
            ("AttachTerminal", [workspaceId, secretId]),
            ("SendInput", [workspaceId, secretId, "echo intruder\r"]),
            ("ResizeTerminal", [workspaceId, secretId, 90, 30]),
            ("CloseTerminal", [workspaceId, secretId]),
        })
        {
            var refused = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("private-member", method, args));
            Assert.EndsWith($"this terminal is private to {Owner.DisplayName}; open a terminal of your own", refused.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(App.Client.Events, e => e.Client == "private-member" && e.Kind == "terminalOutput" && e.Arg.GetProperty("sessionId").GetString() == secretId);

        // Its opener still uses it, and sees both in the list.
        var attached = await App.Client.InvokeAsync("private-owner", "AttachTerminal", workspaceId, secretId);
        await App.Client.InvokeAsync("private-owner", "SendInput", workspaceId, secretId, "echo mine-$((20+1))\r");
        await App.WaitForTerminalTextAsync("private-owner", secretId, attached.GetProperty("endOffset").GetInt64(), "mine-21");
        Assert.Equal(2, (await App.Client.InvokeAsync("private-owner", "ListTerminals", workspaceId)).GetArrayLength());
    }

    [Fact]
    public async Task Someone_elses_workspace_is_not_found()
    {
        var stranger = await App.Factory.RegisterAsync();
        await App.ConnectAsync("stranger", stranger);
        var sessionId = (await App.Client.InvokeAsync(await OwnerConnectionAsync("stranger-target-owner"), "OpenTerminal", WorkspaceId, 80, 24)).GetProperty("sessionId").GetString()!;

        foreach (var (method, args) in new (string, object[])[]
        {
            ("JoinWorkspace", [WorkspaceId]),
            ("ListTerminals", [WorkspaceId]),
            ("AttachTerminal", [WorkspaceId, sessionId]),
            ("SendInput", [WorkspaceId, sessionId, "id\r"]),
            ("OpenTerminal", [WorkspaceId, 80, 24]),
            ("JoinWorkspace", ["no-such-workspace"]),
        })
        {
            var refused = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("stranger", method, args));
            Assert.EndsWith("workspace not found", refused.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(App.Client.Events, e => e.Client == "stranger" && e.Kind is "status" or "log" or "terminalOutput");
    }

    [Fact]
    public async Task Stopping_the_workspace_through_the_API_sends_status_events()
    {
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: true);
        await App.ConnectAsync("status-watcher", Owner);
        var joined = await App.Client.InvokeAsync("status-watcher", "JoinWorkspace", workspaceId);
        Assert.Equal("running", joined.GetProperty("status").GetString());

        await App.StopWorkspaceAsync(Owner, workspaceId);

        var stopping = await App.Client.WaitForAsync(e => IsStatus(e, "status-watcher", workspaceId, "stopping"), "the Stopping event");
        Assert.Equal("running", stopping.Arg.GetProperty("previousStatus").GetString());
        var stopped = await App.Client.WaitForAsync(e => IsStatus(e, "status-watcher", workspaceId, "stopped"), "the Stopped event");
        Assert.Equal("stopping", stopped.Arg.GetProperty("previousStatus").GetString());
        Assert.True(stopped.Arg.GetProperty("at").GetDateTimeOffset() >= stopping.Arg.GetProperty("at").GetDateTimeOffset());
    }

    [Fact]
    public async Task Lines_the_container_writes_to_its_stdout_arrive_as_log_events()
    {
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: false);
        await App.ConnectAsync("log-watcher", Owner);
        await App.Client.InvokeAsync("log-watcher", "JoinWorkspace", workspaceId);

        // The main process prints a line when the container starts...
        await App.StartWorkspaceAsync(Owner, workspaceId);
        var ready = await App.Client.WaitForAsync(e => IsLog(e, "log-watcher", workspaceId, "ready"), "the container's start line");
        Assert.Equal("stdout", ready.Arg.GetProperty("stream").GetString());
        Assert.Equal(JsonValueKind.String, ready.Arg.GetProperty("timestamp").ValueKind);

        // ...and whatever writes to its stdout later arrives too: here a command typed into a terminal.
        var sessionId = (await App.Client.InvokeAsync("log-watcher", "OpenTerminal", workspaceId, 80, 24)).GetProperty("sessionId").GetString()!;
        await App.Client.InvokeAsync("log-watcher", "SendInput", workspaceId, sessionId, "echo logged-$((2*21)) >/proc/1/fd/1\r");
        await App.Client.WaitForAsync(e => IsLog(e, "log-watcher", workspaceId, "logged-42"), "the line written to the main process's stdout");
    }

    [Fact]
    public async Task Connections_without_a_valid_access_token_are_refused()
    {
        var anonymous = await Assert.ThrowsAsync<HubClientException>(() => App.Client.ConnectAsync("anonymous", App.HubUrl, accessToken: null));
        Assert.Contains("401", anonymous.Message, StringComparison.Ordinal);
        var forged = await Assert.ThrowsAsync<HubClientException>(() => App.Client.ConnectAsync("forged", App.HubUrl, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"));
        Assert.Contains("401", forged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_arguments_get_messages_that_say_what_is_wrong()
    {
        var client = await OwnerConnectionAsync("bad-arguments");
        var sessionId = (await App.Client.InvokeAsync(client, "OpenTerminal", WorkspaceId, 80, 24)).GetProperty("sessionId").GetString()!;
        var stopped = await App.CreateWorkspaceAsync(Owner, start: false);

        await AssertRefusedAsync("columns must be between 1 and 1000 (got 0)", "OpenTerminal", WorkspaceId, 0, 24);
        await AssertRefusedAsync("rows must be between 1 and 1000 (got 1001)", "ResizeTerminal", WorkspaceId, sessionId, 80, 1001);
        await AssertRefusedAsync("the input is 65537 characters long; send at most 65536 per call", "SendInput", WorkspaceId, sessionId, new string('a', 65537));
        await AssertRefusedAsync("data is required", "SendInput", WorkspaceId, sessionId, null);
        await AssertRefusedAsync("workspaceId is required", "JoinWorkspace", "");
        await AssertRefusedAsync("terminal session not found", "AttachTerminal", WorkspaceId, "../../other");
        await AssertRefusedAsync("terminal session not found", "AttachTerminal", WorkspaceId, "neveropened1");
        await AssertRefusedAsync("not running", "OpenTerminal", stopped, 80, 24);

        // The connection survives its refused calls.
        await App.Client.InvokeAsync(client, "ResizeTerminal", WorkspaceId, sessionId, 120, 40);
        var listed = await App.Client.InvokeAsync(client, "ListTerminals", WorkspaceId);
        var resized = listed.EnumerateArray().Single(s => s.GetProperty("sessionId").GetString() == sessionId);
        Assert.Equal(120, resized.GetProperty("columns").GetInt32());
        Assert.Equal(40, resized.GetProperty("rows").GetInt32());

        async Task AssertRefusedAsync(string message, string method, params object?[] args)
        {
            var refused = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync(client, method, args));
            Assert.Contains(message, refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Closing_a_terminal_tells_its_viewers_it_exited()
    {
        var client = await OwnerConnectionAsync("closer");
        var sessionId = (await App.Client.InvokeAsync(client, "OpenTerminal", WorkspaceId, 80, 24)).GetProperty("sessionId").GetString()!;
        await App.Client.InvokeAsync(client, "AttachTerminal", WorkspaceId, sessionId);

        await App.Client.InvokeAsync(client, "CloseTerminal", WorkspaceId, sessionId);

        var exited = await App.Client.WaitForAsync(e => e.Is("terminalExited", client) && e.Arg.GetProperty("sessionId").GetString() == sessionId, "terminalExited");
        Assert.Equal(WorkspaceId, exited.Arg.GetProperty("workspaceId").GetString());
        Assert.DoesNotContain(sessionId, (await App.Client.InvokeAsync(client, "ListTerminals", WorkspaceId)).EnumerateArray().Select(s => s.GetProperty("sessionId").GetString()));
    }

    private async Task<string> OwnerConnectionAsync(string client)
    {
        await App.ConnectAsync(client, Owner);
        return client;
    }

    private static bool IsStatus(HubClientEvent e, string client, string workspaceId, string status) =>
        e.Is("status", client) && e.Arg.GetProperty("workspaceId").GetString() == workspaceId && e.Arg.GetProperty("status").GetString() == status;

    private static bool IsLog(HubClientEvent e, string client, string workspaceId, string text) =>
        e.Is("log", client) && e.Arg.GetProperty("workspaceId").GetString() == workspaceId && e.Arg.GetProperty("text").GetString()!.Contains(text, StringComparison.Ordinal);

    [GeneratedRegex(@"(^|\n)hi\r?\n")]
    private static partial Regex OutputLineHi();
}
