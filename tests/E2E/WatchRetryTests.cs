using static Microsoft.Playwright.Assertions;
using static Vibe.E2E.Tests.Fixtures.TestWorkspaces;

namespace Vibe.E2E.Tests;

/// <summary>
/// A workspace page whose watching calls first meet a cluster failing over (the server's retryable error) tries them
/// again, and follows the workspace's status, its files and its agent as if nothing had happened.
/// </summary>
public sealed class WatchRetryTests(VibeApp app) : IClassFixture<VibeApp>
{
    /// <summary>
    /// Runs in the page before its scripts: the first JoinWorkspace, WatchFiles and WatchAgent the page sends over the
    /// hub's WebSocket never reach the server, and the page gets the completion the server sends for a transient cluster
    /// failure (WorkspaceHubErrorFilter.RetryableMessage), in SignalR's JSON protocol.
    /// </summary>
    private const string FailFirstWatchingCalls = """
        (() => {
          const failing = new Set(['JoinWorkspace', 'WatchFiles', 'WatchAgent']);
          const failed = (window.__failedWatchingCalls = []);
          const send = WebSocket.prototype.send;
          WebSocket.prototype.send = function (data) {
            if (typeof data !== 'string') {
              return send.call(this, data);
            }
            const kept = [];
            for (const frame of data.split('\x1e').filter((f) => f.length > 0)) {
              const message = JSON.parse(frame);
              if (message.type === 1 && message.invocationId && failing.delete(message.target)) {
                failed.push(message.target);
                const error = `An unexpected error occurred invoking '${message.target}' on the server. HubException: [retryable] The server is briefly unavailable while the cluster recovers; try again in a moment.`;
                const reply = JSON.stringify({ type: 3, invocationId: message.invocationId, error }) + '\x1e';
                setTimeout(() => this.onmessage(new MessageEvent('message', { data: reply })), 0);
              } else {
                kept.push(frame + '\x1e');
              }
            }
            if (kept.length > 0) {
              send.call(this, kept.join(''));
            }
          };
        })();
        """;

    [Fact]
    public async Task A_page_whose_first_watching_calls_fail_on_a_cluster_failure_tries_again_and_follows_the_workspace()
    {
        await using var scenario = app.Scenario();
        var email = UniqueEmail("retry");
        var user = await app.Api.RegisterAsync(email, Ui.Password, "Rita Retry");
        var workspace = await user.CreateWorkspaceAsync("failing over", "blank");
        var page = await scenario.OpenPageAsync("desktop");
        await page.SignInAsync(email);
        await page.Context.AddInitScriptAsync(FailFirstWatchingCalls);

        await page.GotoAsync($"/workspaces/{workspace.Id}");
        await page.WaitForFunctionAsync("() => window.__failedWatchingCalls.length === 3");
        await Expect(page.TestId("workspace-page")).ToHaveAttributeAsync("data-status", "stopped");

        // Status changes reach only a page that joined; files changed outside reach only a tree that watches.
        await user.StartWorkspaceAsync(workspace.Id);
        await Expect(page.TestId("workspace-page")).ToHaveAttributeAsync("data-status", "running");
        await user.WriteFileAsync(workspace.Id, "first.txt", "written through the API\n");
        await Expect(page.FileEntry("first.txt")).ToBeVisibleAsync();
        // The start lists the tree again; nothing but the watch lists it after this one.
        await user.WriteFileAsync(workspace.Id, "second.txt", "written through the API\n");
        await Expect(page.FileEntry("second.txt")).ToBeVisibleAsync();
        await Expect(page.TestId("agent-error")).ToHaveCountAsync(0);
        await Expect(page.TestId("toast-error")).ToHaveCountAsync(0);
        scenario.Complete();
    }
}
