using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Vibe.Cli.Api;
using Vibe.Cli.Api.Models;
using Vibe.Cli.Hub;
using Vibe.Cli.Output;

namespace Vibe.Cli.Workspaces;

/// <summary>
/// Waits on the hub until a workspace reaches a status: after a background start, or when a lifecycle call outlasted
/// the server's call timeout (504) while the workspace goes on with it. Fails with the workspace's error when it fails.
/// </summary>
internal static class WorkspaceStatusWaiter
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    public static async Task<WorkspaceDetails> WaitAsync(VibeApi api, string workspaceId, string target, Action<string> progress, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Limit);
        await using var hub = await WorkspaceHub.ConnectAsync(api, timeout.Token);
        var changes = Channel.CreateUnbounded<StatusEvent>();
        using var onStatus = hub.Connection.On<StatusEvent>("status", e => changes.Writer.TryWrite(e));

        // A new connection watches nothing: join again, and take the status it reads as the latest change.
        hub.Reconnected(async () =>
        {
            var again = await hub.InvokeAsync<WorkspaceDetails>("JoinWorkspace", [workspaceId], CancellationToken.None);
            changes.Writer.TryWrite(new StatusEvent(workspaceId, again.Status, again.Error, null));
        });

        // Subscribe first, then read: a change in between arrives as an event.
        var details = await hub.InvokeAsync<WorkspaceDetails>("JoinWorkspace", [workspaceId], timeout.Token);
        var (status, error) = (details.Status, details.Error);
        try
        {
            while (status != target)
            {
                if (status == "failed")
                {
                    throw new CliException($"Workspace {details.Name} failed: {error ?? "no reason given"}");
                }

                progress($"{details.Name} is {WireValue.Shown(status)}");
                var next = changes.Reader.ReadAsync(timeout.Token).AsTask();
                if (await Task.WhenAny(next, hub.Closed) != next)
                {
                    throw new CliException("The connection to the server was lost while waiting for the workspace.");
                }

                var change = await next;
                (status, error) = (change.Status, change.Error);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"Workspace {details.Name} did not become {WireValue.Shown(target)} within {Limit.TotalMinutes:0} minutes; it is {WireValue.Shown(status)}.");
        }

        return await api.GetAsync($"/api/v1/workspaces/{Uri.EscapeDataString(workspaceId)}", CliJson.Default.WorkspaceDetails, cancellationToken);
    }
}
