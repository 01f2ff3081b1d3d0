using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Vibe.Cli.Api;
using Vibe.Cli.Api.Models;
using Vibe.Cli.Auth;
using Vibe.Cli.Hub;
using Vibe.Cli.Output;
using Vibe.Cli.Workspaces;

namespace Vibe.Cli.Terminal;

/// <summary>
/// <c>vibe ssh WS</c>: an interactive shell in the workspace through the hub's terminal sessions. The local terminal is
/// raw while it runs (every key, Ctrl+C included, goes to the shell), window size changes follow (SIGWINCH), the shell
/// ends with Ctrl+D or <c>exit</c>, and vibe exits with the shell's exit code. When vibe is stopped instead (SIGTERM,
/// SIGHUP, Ctrl+C without a terminal), it closes the session so no shell is left behind.
/// </summary>
internal static class SshCommand
{
    private const int MaxInputChars = 64 * 1024;

    /// <summary>End of transmission (Ctrl+D): what a terminal sends for the end of input.</summary>
    private const string EndOfInput = "\u0004";

    public static Command Create()
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var command = new Command("ssh", "Open an interactive shell in a running workspace; Ctrl+D or `exit` ends it with its exit code") { workspace };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(workspace)!, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string reference, CancellationToken cancellationToken)
    {
        using var api = VibeApi.SignedIn(CredentialStore.ForCurrentUser());
        var workspace = await WorkspaceResolver.ResolveAsync(api, reference, cancellationToken);
        if (workspace.Status != "running")
        {
            throw new CliException($"Workspace {workspace.Name} is {WireValue.Shown(workspace.Status)}: start it with `vibe ws start {workspace.Id}`.");
        }

        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

        await using var hub = await WorkspaceHub.ConnectAsync(api, cancellationToken);
        using var stdout = Console.OpenStandardOutput();
        var output = new TerminalOutputWriter(text =>
        {
            stdout.Write(Encoding.UTF8.GetBytes(text));
            stdout.Flush();
        });
        var exited = new TaskCompletionSource<int?>(TaskCreationOptions.RunContinuationsAsynchronously);
        string? sessionId = null;
        using var onOutput = hub.Connection.On<TerminalOutput>("terminalOutput", e =>
        {
            if (e.SessionId == Volatile.Read(ref sessionId))
            {
                output.Output(e.Offset, e.Data);
            }
        });
        using var onExited = hub.Connection.On<TerminalExited>("terminalExited", e =>
        {
            if (e.SessionId == Volatile.Read(ref sessionId))
            {
                exited.TrySetResult(e.ExitCode);
            }
        });

        var (columns, rows) = TerminalSize.Current();
        var session = await hub.InvokeAsync<TerminalSession>("OpenTerminal", [workspace.Id, columns, rows], cancellationToken);
        Volatile.Write(ref sessionId, session.SessionId);
        try
        {
            using (RawTerminal.Enter())
            {
                var attachment = await hub.InvokeAsync<TerminalAttachment>("AttachTerminal", [workspace.Id, session.SessionId], cancellationToken);
                output.Attach(attachment.Scrollback, attachment.EndOffset);
                if (attachment.Session.Status == "exited")
                {
                    exited.TrySetResult(attachment.Session.ExitCode);
                }

                var lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                hub.Reconnected(async () =>
                {
                    // A new connection watches nothing: attach again and write what was missed meanwhile.
                    try
                    {
                        var again = await hub.InvokeAsync<TerminalAttachment>("AttachTerminal", [workspace.Id, session.SessionId], CancellationToken.None);
                        output.Output(again.EndOffset - again.Scrollback.Length, again.Scrollback);
                        if (again.Session.Status == "exited")
                        {
                            exited.TrySetResult(again.Session.ExitCode);
                        }
                    }
                    catch (CliException ex)
                    {
                        lost.TrySetResult(ex.Message);
                    }
                });

                var resizes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
                using var sigwinch = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => resizes.Writer.TryWrite(true));
                _ = FollowResizesAsync(hub, workspace.Id, session.SessionId, resizes.Reader, stopped.Token);
                _ = PumpInputAsync(hub, workspace.Id, session.SessionId, stopped.Token);

                var ended = await Task.WhenAny(exited.Task, hub.Closed, lost.Task, Task.Delay(Timeout.Infinite, stopped.Token));
                if (ended == exited.Task)
                {
                    return await exited.Task ?? ExitCodes.Failure;
                }

                if (ended == lost.Task)
                {
                    throw new CliException($"The terminal session was lost while reconnecting: {await lost.Task}");
                }
            }
        }
        finally
        {
            if (!exited.Task.IsCompleted && hub.Connection.State == HubConnectionState.Connected)
            {
                // Stopped or lost: hang up the shell rather than leave it running in the workspace.
                using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await hub.Connection.InvokeAsync("CloseTerminal", workspace.Id, session.SessionId, closing.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or HubException or InvalidOperationException)
                {
                    // The server ends sessions of a stopped workspace itself.
                }
            }
        }

        throw stopped.IsCancellationRequested
            ? new CliException("Stopped; the shell was closed.", ExitCodes.Interrupted)
            : new CliException("The connection to the server was lost; the shell was not closed and may still run in the workspace.");

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopped.Cancel();
        }
    }

    /// <summary>Sends what is typed (or piped) to the shell, in order; the end of stdin becomes Ctrl+D, as a terminal sends it.</summary>
    private static async Task PumpInputAsync(WorkspaceHub hub, string workspaceId, string sessionId, CancellationToken cancellationToken)
    {
        using var stdin = Console.OpenStandardInput();
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[4096];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var read = await stdin.ReadAsync(bytes, cancellationToken);
                if (read == 0)
                {
                    await SendAsync(hub, workspaceId, sessionId, EndOfInput, cancellationToken);
                    return;
                }

                var count = decoder.GetChars(bytes, 0, read, chars, 0);
                for (var start = 0; start < count; start += MaxInputChars)
                {
                    await SendAsync(hub, workspaceId, sessionId, new string(chars, start, Math.Min(MaxInputChars, count - start)), cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or CliException)
        {
            // The session ended or the connection went: the main loop reports it.
        }
    }

    /// <summary>Types <paramref name="text"/> into the session; while the connection is re-established, waits and types it then.</summary>
    private static async Task SendAsync(WorkspaceHub hub, string workspaceId, string sessionId, string text, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await hub.InvokeAsync("SendInput", [workspaceId, sessionId, text], cancellationToken);
                return;
            }
            catch (CliException) when (hub.Connection.State != HubConnectionState.Connected)
            {
                if (!await hub.WaitUntilConnectedAsync(cancellationToken))
                {
                    throw;
                }
            }
        }
    }

    private static async Task FollowResizesAsync(WorkspaceHub hub, string workspaceId, string sessionId, ChannelReader<bool> resizes, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in resizes.ReadAllAsync(cancellationToken))
            {
                var (columns, rows) = TerminalSize.Current();
                await hub.InvokeAsync("ResizeTerminal", [workspaceId, sessionId, columns, rows], cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or CliException)
        {
            // As above.
        }
    }
}
