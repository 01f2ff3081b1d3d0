namespace Vibe.Cli.Tests.Fixtures;

/// <summary>How a vibe process ended: its exit code and everything it printed.</summary>
public sealed record VibeResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
