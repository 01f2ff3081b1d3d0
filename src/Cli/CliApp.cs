using System.CommandLine;
using Vibe.Cli.Agent;
using Vibe.Cli.Auth;
using Vibe.Cli.Exec;
using Vibe.Cli.Files;
using Vibe.Cli.Logs;
using Vibe.Cli.Output;
using Vibe.Cli.Terminal;
using Vibe.Cli.Workspaces;

namespace Vibe.Cli;

/// <summary>
/// The <c>vibe</c> command: builds the command tree, runs the command the arguments name, and turns every failure into
/// one line on stderr and an exit code (<see cref="ExitCodes"/>); a stack trace only with VIBE_DEBUG=1.
/// </summary>
internal static class CliApp
{
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("vibe — work with the workspaces of a Vibe server from a terminal: sign in, manage workspaces, open shells, run commands, copy files, read logs and ask the AI agent.");
        foreach (var command in AuthCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(WorkspaceCommands.Create());
        root.Subcommands.Add(SshCommand.Create());
        root.Subcommands.Add(ExecCommand.Create());
        root.Subcommands.Add(LogsCommand.Create());
        root.Subcommands.Add(CopyCommand.Create());
        root.Subcommands.Add(AgentCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var parse = CreateRootCommand().Parse(args);
        var passesExitCode = parse.CommandResult.Command.Name is "exec" or "ssh";
        try
        {
            // Ctrl+C is each command's business (ssh sends it to the shell, agent cancels the run); elsewhere it ends vibe.
            var code = await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
            return parse.Errors.Count > 0 ? ExitCodes.Usage : code;
        }
        catch (CliException ex)
        {
            Consoles.WriteError(ex.Message);
            return passesExitCode && ex.ExitCode == ExitCodes.Failure ? ExitCodes.RemoteCommandFailure : ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }
        catch (Exception ex)
        {
            Consoles.WriteError($"Something unexpected went wrong: {ex.Message} (set VIBE_DEBUG=1 for details, and report it if it persists).");
            if (Environment.GetEnvironmentVariable("VIBE_DEBUG") == "1")
            {
                Console.Error.WriteLine(ex);
            }

            return passesExitCode ? ExitCodes.RemoteCommandFailure : ExitCodes.Failure;
        }
    }
}
