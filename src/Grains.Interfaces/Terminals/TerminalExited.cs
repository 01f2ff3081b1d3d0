namespace Vibe.Grains.Interfaces.Terminals;

/// <summary>
/// The last event of a terminal session (<see cref="ITerminalObserver.OnExited"/>): the session's shell has ended, and every
/// <see cref="TerminalOutput"/> of the session has been delivered before it.
/// </summary>
/// <param name="ExitCode">The shell's exit code (128 + n when signal n ended it); null when the engine could not tell.</param>
[GenerateSerializer, Alias("Vibe.TerminalExited")]
public sealed record TerminalExited([Id(0)] string WorkspaceId, [Id(1)] string SessionId, [Id(2)] int? ExitCode);
