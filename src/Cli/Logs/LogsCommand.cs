using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.SignalR.Client;
using Vibe.Cli.Api;
using Vibe.Cli.Api.Models;
using Vibe.Cli.Auth;
using Vibe.Cli.Hub;
using Vibe.Cli.Output;
using Vibe.Cli.Workspaces;

namespace Vibe.Cli.Logs;

/// <summary>
/// <c>vibe logs WS [-f]</c>: what the workspace's main process wrote, its stdout to ours and its stderr to ours; with
/// <c>-f</c> it goes on printing new lines (and status changes, on stderr) until Ctrl+C.
/// </summary>
internal static class LogsCommand
{
    public static Command Create()
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines as they come, until Ctrl+C" };
        var tail = new Option<int>("--tail", "-n") { Description = "How many of the last lines to print first (1 to 5000)", DefaultValueFactory = _ => 200 };
        var timestamps = new Option<bool>("--timestamps") { Description = "Start each line with when it was written (UTC)" };
        var command = new Command("logs", "Print a workspace's logs: what its main process wrote") { workspace, follow, tail, timestamps };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(workspace)!, parse.GetValue(follow), parse.GetValue(tail), parse.GetValue(timestamps), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string reference, bool follow, int tail, bool timestamps, CancellationToken cancellationToken)
    {
        using var api = VibeApi.SignedIn(CredentialStore.ForCurrentUser());
        var writer = new LogFollower(line => Write(line, timestamps));
        if (!follow)
        {
            var lines = await WorkspaceResolver.CallAsync(api, reference, id => ReadAsync(api, id, tail, cancellationToken), cancellationToken);
            writer.Read(lines);
            return ExitCodes.Success;
        }

        var workspace = await WorkspaceResolver.ResolveAsync(api, reference, cancellationToken);
        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            stopped.Cancel();
        });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stopped.Cancel();
        });

        await using var hub = await WorkspaceHub.ConnectAsync(api, cancellationToken);
        using var onLog = hub.Connection.On<LogEntry>("log", writer.Pushed);
        using var onStatus = hub.Connection.On<StatusEvent>("status", e =>
            Consoles.WriteNote($"-- workspace {workspace.Name} is {WireValue.Shown(e.Status)}{((e.Error ?? e.Reason) is { } why ? ": " + why : "")} --"));

        // A new connection watches nothing: join again, then read the tail for the lines written while it was down.
        hub.Reconnected(async () =>
        {
            await hub.InvokeAsync<WorkspaceDetails>("JoinWorkspace", [workspace.Id], CancellationToken.None);
            writer.Read(await ReadAsync(api, workspace.Id, tail, CancellationToken.None));
        });

        // Subscribe first, then read the backlog: lines written in between arrive pushed and are not lost.
        await hub.InvokeAsync<WorkspaceDetails>("JoinWorkspace", [workspace.Id], cancellationToken);
        writer.Read(await ReadAsync(api, workspace.Id, tail, cancellationToken));

        var ended = await Task.WhenAny(hub.Closed, Task.Delay(Timeout.Infinite, stopped.Token));
        return ended == hub.Closed
            ? throw new CliException("The connection to the server was lost.")
            : ExitCodes.Success;
    }

    private static Task<List<LogEntry>> ReadAsync(VibeApi api, string workspaceId, int tail, CancellationToken cancellationToken) =>
        api.GetAsync(
            string.Create(CultureInfo.InvariantCulture, $"/api/v1/workspaces/{Uri.EscapeDataString(workspaceId)}/logs?tail={tail}"),
            CliJson.Default.ListLogEntry,
            cancellationToken);

    private static void Write(LogEntry line, bool timestamps)
    {
        var text = timestamps && line.Timestamp is { } at
            ? at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ ", CultureInfo.InvariantCulture) + line.Text
            : line.Text;
        if (line.Stream == "stderr")
        {
            Console.Error.WriteLine(text);
        }
        else
        {
            Console.Out.WriteLine(text);
        }
    }
}
