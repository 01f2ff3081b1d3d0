using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Vibe.Grains.Interfaces.Agents;
using Vibe.Grains.Interfaces.Documents;
using Vibe.Grains.Interfaces.Terminals;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Grains.Terminals;
using Vibe.WebFront.Hubs;

namespace Vibe.WebFront.Tests.Hubs;

/// <summary>
/// What the workspace hub does when a grain call meets a transient cluster failure (the silo hosting the grain lost, a
/// message rejected, an answer that never came), through the real @microsoft/signalr client: idempotent methods are
/// retried on the server and the client never notices; otherwise, or when the failure lasts, the client gets the typed retryable error, logged once at Warning
/// without a stack trace, and nothing is done twice.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class HubTransientFailureTests(WebFrontFixture fixture) : HubAppTests(fixture)
{
    private const string RetryableError = "HubException: [retryable] ";

    private readonly GrainFaults _faults = new();
    private readonly LogCapture _logs = new();

    private protected override Task<HubTestApp> StartAppAsync(WebFrontFixture webFront) =>
        HubTestApp.StartAsync(webFront, services: services =>
        {
            GrainFaults.Install(services, _faults);
            services.AddSingleton<ILoggerProvider>(_logs);
        });

    [Fact]
    public async Task Idempotent_calls_are_retried_on_the_server_so_the_client_never_sees_the_failure()
    {
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: false);
        await App.Rest.WriteFileAsync(Owner, workspaceId, "seen.txt", "abc"u8.ToArray());
        await App.ConnectAsync("retried", Owner);
        _faults.Fail<IWorkspaceGrain>(nameof(IWorkspaceGrain.ListTerminals), times: 1);
        _faults.Fail<IWorkspaceChatGrain>(nameof(IWorkspaceChatGrain.ListThreads), times: 2, GrainFaults.When.Rejected);
        _faults.Fail<IDocumentGrain>(nameof(IDocumentGrain.Open), times: 1);

        var terminals = await App.Client.InvokeAsync("retried", "ListTerminals", workspaceId);
        var threads = await App.Client.InvokeAsync("retried", "ListAgentThreads", workspaceId);
        var opened = await App.Client.InvokeAsync("retried", "OpenDocument", workspaceId, "seen.txt");

        Assert.Empty(terminals.EnumerateArray());
        Assert.Empty(threads.EnumerateArray());
        Assert.Equal("abc", opened.GetProperty("text").GetString());
        Assert.Equal(2, _faults.Calls<IWorkspaceGrain>(nameof(IWorkspaceGrain.ListTerminals)));
        Assert.Equal(3, _faults.Calls<IWorkspaceChatGrain>(nameof(IWorkspaceChatGrain.ListThreads)));
        Assert.Equal(2, _faults.Calls<IDocumentGrain>(nameof(IDocumentGrain.Open)));
        Assert.DoesNotContain(HubLog(), e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_push_whose_answer_was_lost_is_retried_and_stored_exactly_once()
    {
        var workspaceId = await OpenAbcAsync("pusher", "once.txt");
        _faults.Fail<IDocumentGrain>(nameof(IDocumentGrain.Push), times: 1, GrainFaults.When.After);

        var pushed = await App.Client.InvokeAsync("pusher", "PushDocumentUpdates", workspaceId, "once.txt", 0, new[] { TypedD() });

        // The retry came at a version the first attempt had already moved past: refused, and the client pulls its own update.
        Assert.False(pushed.GetProperty("accepted").GetBoolean());
        Assert.Equal(1, pushed.GetProperty("version").GetInt32());
        var pulled = await App.Client.InvokeAsync("pusher", "PullDocumentUpdates", workspaceId, "once.txt", 0);
        Assert.Equal("typist", Assert.Single(pulled.GetProperty("updates").EnumerateArray()).GetProperty("clientID").GetString());
        var document = await Document(workspaceId, "once.txt").GetText();
        Assert.Equal(("abcd", 1), (document.Text, document.Version));
        Assert.Equal(2, _faults.Calls<IDocumentGrain>(nameof(IDocumentGrain.Push)));
    }

    [Fact]
    public async Task A_failure_that_outlasts_the_servers_retries_reaches_the_client_as_retryable_logged_once_at_warning_without_a_stack_trace()
    {
        var workspaceId = await OpenAbcAsync("patient", "lasting.txt");
        _faults.Fail<IDocumentGrain>(nameof(IDocumentGrain.Push), times: 10);

        var failed = await Assert.ThrowsAsync<HubClientException>(() =>
            App.Client.InvokeAsync("patient", "PushDocumentUpdates", workspaceId, "lasting.txt", 0, new[] { TypedD() }));

        Assert.Contains(RetryableError, failed.Message, StringComparison.Ordinal);
        Assert.Equal(3, _faults.Calls<IDocumentGrain>(nameof(IDocumentGrain.Push)));
        Assert.Equal(("abc", 0), await TextAndVersionAsync(workspaceId, "lasting.txt"));
        var warning = Assert.Single(HubLog(), e => e.Level >= LogLevel.Warning);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(typeof(WorkspaceHubErrorFilter).FullName, warning.Category);
        Assert.Contains("PushDocumentUpdates", warning.Message, StringComparison.Ordinal);
        Assert.Contains("after 3 attempt(s)", warning.Message, StringComparison.Ordinal);
        Assert.Null(warning.Exception);
    }

    [Fact]
    public async Task Calls_that_must_not_run_twice_are_not_retried_on_the_server_but_reported_as_retryable()
    {
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: false);
        await App.ConnectAsync("once", Owner);
        _faults.Fail<IWorkspaceChatGrain>(nameof(IWorkspaceChatGrain.CreateThread), times: 1, GrainFaults.When.After);
        _faults.Fail<IWorkspaceGrain>(nameof(IWorkspaceGrain.OpenTerminal), times: 1, GrainFaults.When.Rejected);
        _faults.Fail<IContainerSessionGrain>(nameof(IContainerSessionGrain.Input), times: 1);

        var thread = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("once", "CreateAgentThread", workspaceId, "ideas"));
        var terminal = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("once", "OpenTerminal", workspaceId, 80, 24));
        var input = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("once", "SendInput", workspaceId, "s1", "ls\r"));

        Assert.All([thread, terminal, input], error => Assert.Contains(RetryableError, error.Message, StringComparison.Ordinal));
        Assert.Equal(1, _faults.Calls<IWorkspaceChatGrain>(nameof(IWorkspaceChatGrain.CreateThread)));
        Assert.Equal(1, _faults.Calls<IWorkspaceGrain>(nameof(IWorkspaceGrain.OpenTerminal)));
        Assert.Equal(1, _faults.Calls<IContainerSessionGrain>(nameof(IContainerSessionGrain.Input)));

        // The thread the lost call made exists once; the client that retries sees it in the list instead of making another.
        var threads = await App.Client.InvokeAsync("once", "ListAgentThreads", workspaceId);
        Assert.Equal("ideas", Assert.Single(threads.EnumerateArray()).GetProperty("title").GetString());
        Assert.Equal(3, HubLog().Count(e => e.Level == LogLevel.Warning && e.Exception is null));
        Assert.DoesNotContain(HubLog(), e => e.Level > LogLevel.Warning);
    }

    [Fact]
    public async Task A_refusal_stays_a_plain_hub_error_with_its_message_logged_at_information()
    {
        await App.ConnectAsync("refused", Owner);

        var refused = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("refused", "OpenDocument", "nosuchworkspace", "a.txt"));

        Assert.EndsWith("HubException: workspace not found", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("[retryable]", refused.Message, StringComparison.Ordinal);
        var logged = Assert.Single(HubLog());
        Assert.Equal((LogLevel.Information, null), (logged.Level, logged.Exception));
    }

    /// <summary>A new workspace holding <paramref name="path"/> with "abc", open in the document hub as <paramref name="client"/>; returns its id.</summary>
    private async Task<string> OpenAbcAsync(string client, string path)
    {
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: false);
        await App.Rest.WriteFileAsync(Owner, workspaceId, path, "abc"u8.ToArray());
        await App.ConnectAsync(client, Owner);
        await App.Client.InvokeAsync(client, "OpenDocument", workspaceId, path);
        return workspaceId;
    }

    /// <summary>An update typing "d" at the end of "abc", as @codemirror/collab sends it.</summary>
    private static object TypedD() => new { clientID = "typist", changes = JsonNode.Parse("[3,[0,\"d\"]]") };

    /// <summary>What the hub logged about failed calls: the error filter's entries and SignalR's own (which the filter replaces).</summary>
    private IEnumerable<LogCapture.Entry> HubLog() =>
        _logs.Entries.Where(e => e.Category == typeof(WorkspaceHubErrorFilter).FullName || e.Category == WorkspaceHubErrorFilter.DispatcherLogCategory);

    private IDocumentGrain Document(string workspaceId, string path) =>
        App.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IDocumentGrain>(DocumentKeys.Format(workspaceId, path));

    private async Task<(string Text, int Version)> TextAndVersionAsync(string workspaceId, string path)
    {
        var document = await Document(workspaceId, path).GetText();
        return (document.Text, document.Version);
    }
}
