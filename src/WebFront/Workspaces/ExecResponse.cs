using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.WebFront.Workspaces;

/// <summary>What a command run through <c>POST /api/v1/workspaces/{id}/exec</c> did.</summary>
/// <param name="ExitCode">Its exit code; -1 when it timed out.</param>
/// <param name="Stdout">Its standard output, decoded as UTF-8.</param>
/// <param name="Stderr">Its standard error, decoded as UTF-8.</param>
/// <param name="TimedOut">The timeout passed first; the command may still be running in the workspace.</param>
/// <param name="Truncated">The output was longer than the engine keeps (1 MiB by default) and was cut.</param>
internal sealed record ExecResponse(int ExitCode, string Stdout, string Stderr, bool TimedOut, bool Truncated)
{
    public static ExecResponse From(WorkspaceExecResult result) =>
        new(result.ExitCode, result.Stdout, result.Stderr, result.TimedOut, result.Truncated);
}
