namespace Vibe.Docker.Runtime;

/// <summary>The outcome of <see cref="IContainerRuntime.ExecAsync"/>.</summary>
/// <param name="ExitCode">The command's exit code; -1 when it timed out.</param>
/// <param name="TimedOut">The timeout passed first: the output is what arrived until then and the command may still run.</param>
/// <param name="Truncated">Output beyond the cap was dropped.</param>
public sealed record ContainerExecResult(int ExitCode, string Stdout, string Stderr, bool TimedOut, bool Truncated);
