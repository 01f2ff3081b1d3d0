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
        string? position = null; // the log stream's position of the last line received, when the server's streams are durable
        using var onLog = hub.Connection.On<LogEvent>("log", e =>
        {
            if (e.Token is { } token)
            {
                Volatile.Write(ref position, token);
            }

            writer.Pushed(e.Entry);
        });
        using var onStatus = hub.Connection.On<StatusEvent>("status", e =>
            Consoles.WriteNote($"-- workspace {workspace.Name} is {WireValue.Shown(e.Status)}{((e.Error ?? e.Reason) is { } why ? ": " + why : "")} --"));

        // The server no longer holds the lines after that position (the connection was away longer than its rewind
        // window): read the tail for what it still has. Not awaited here, so the lines pushed next arrive, held until then.
        using var onReset = hub.Connection.On<StreamResetEvent>("streamReset", e =>
        {
            if (e.Stream == "logs" && e.WorkspaceId == workspace.Id)
            {
                writer.Hold();
                _ = ReadAgainAsync(api, workspace.Id, tail, writer);
            }
        });

        // A new connection watches nothing. With a position, resume from it: the server sends the lines stored after it,
        // then live ones, none lost and none twice. Without one (in-memory streams keep no history), join again and read
        // the tail, holding the lines pushed meanwhile: what it misses is what was written beyond the tail.
        hub.Reconnected(async () =>
        {
            if (Volatile.Read(ref position) is { } since)
            {
                await hub.InvokeAsync<WorkspaceDetails>("ResumeWorkspace", [workspace.Id, null, since], CancellationToken.None);
                return;
            }

            writer.Hold();
            try
            {
                await hub.InvokeAsync<WorkspaceDetails>("JoinWorkspace", [workspace.Id], CancellationToken.None);
            }
            finally
            {
                await ReadAgainAsync(api, workspace.Id, tail, writer);
            }
        });

        // The hand-over from the tail to live lines: mark the log stream, subscribe from the mark, then read the tail. Every
        // line stored before the mark is in the tail, every one after it is pushed; pushed lines wait for the tail, and
        // those in both are dropped. In-memory streams have no mark: subscribe, then read the tail.
        var mark = await hub.InvokeAsync<string?>("MarkLogs", [workspace.Id], cancellationToken);
        Volatile.Write(ref position, mark);
        object?[] join = mark is null ? [workspace.Id] : [workspace.Id, null, mark];
        await hub.InvokeAsync<WorkspaceDetails>(mark is null ? "JoinWorkspace" : "ResumeWorkspace", join, cancellationToken);
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

    /// <summary>Reads the tail into <paramref name="writer"/>, which holds pushed lines until then (released on failure too).</summary>
    private static async Task ReadAgainAsync(VibeApi api, string workspaceId, int tail, LogFollower writer)
    {
        List<LogEntry> lines = [];
        try
        {
            lines = await ReadAsync(api, workspaceId, tail, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Consoles.WriteWarning($"Could not read the lines written while the connection was down: {ex.Message}");
        }
        finally
        {
            writer.Read(lines);
        }
    }

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
