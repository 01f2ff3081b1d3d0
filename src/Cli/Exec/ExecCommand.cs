using System.CommandLine;
using System.Text;
using Vibe.Cli.Api;
using Vibe.Cli.Api.Models;
using Vibe.Cli.Auth;
using Vibe.Cli.Output;
using Vibe.Cli.Workspaces;

namespace Vibe.Cli.Exec;

/// <summary>
/// <c>vibe exec WS -- CMD...</c>: runs a command in a running workspace without a terminal, prints its stdout and stderr
/// to ours, and exits with its exit code. One request (<c>POST /api/v1/workspaces/{id}/exec</c>) when WS is an id.
/// </summary>
internal static class ExecCommand
{
    public static Command Create()
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var commandLine = new Argument<string[]>("command")
        {
            Description = "The program and its arguments, after `--` (no shell: use `sh -c '...'` for pipes and globs)",
            Arity = ArgumentArity.OneOrMore,
        };
        var timeout = new Option<double?>("--timeout") { Description = "Seconds the command may run (default and most: the server's limit, 25 s unless configured)" };
        var command = new Command("exec", "Run a command in a workspace and exit with its exit code; stdout and stderr stay apart") { workspace, timeout, commandLine };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var api = VibeApi.SignedIn(CredentialStore.ForCurrentUser());
            var request = new ExecRequest(parse.GetValue(commandLine)!, parse.GetValue(timeout));
            var result = await WorkspaceResolver.CallAsync(
                api,
                parse.GetValue(workspace)!,
                id => api.PostAsync($"/api/v1/workspaces/{Uri.EscapeDataString(id)}/exec", request, CliJson.Default.ExecRequest, CliJson.Default.ExecResponse, cancellationToken),
                cancellationToken);
            Write(Console.OpenStandardOutput(), result.Stdout);
            Write(Console.OpenStandardError(), result.Stderr);
            if (result.Truncated)
            {
                Consoles.WriteWarning("The output was longer than the server keeps and was cut; redirect it to a file in the workspace and copy that with `vibe cp`.");
            }

            if (result.TimedOut)
            {
                throw new CliException("The command did not finish in time and may still be running; use `vibe ssh` for long-running work.", ExitCodes.TimedOut);
            }

            return result.ExitCode;
        });
        return command;
    }

    private static void Write(Stream stream, string text)
    {
        using (stream)
        {
            if (text.Length > 0)
            {
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
        }
    }
}
