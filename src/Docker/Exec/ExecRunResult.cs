namespace Vibe.Docker.Exec;

/// <summary>The outcome of a command run to completion with <see cref="ExecOperations.RunAsync"/>.</summary>
public sealed record ExecRunResult(int ExitCode, string Stdout, string Stderr, bool Truncated);
