namespace Vibe.Grains.Interfaces.Terminals;

/// <summary>A terminal session as its grain knows it.</summary>
/// <param name="Columns">The terminal's width; 0 before the session was opened.</param>
/// <param name="Rows">The terminal's height; 0 before the session was opened.</param>
/// <param name="ExitCode">The shell's exit code once it has exited (128 + n when signal n ended it); null while it runs, and when the engine could not tell.</param>
/// <param name="StartedAt">When the shell started; <see cref="DateTimeOffset.MinValue"/> before the session was opened.</param>
/// <param name="Owner">Who opened it and whether it is private to them; null when opened without one (grain callers, older sessions).</param>
[GenerateSerializer, Alias("Vibe.TerminalSessionInfo")]
public sealed record TerminalSessionInfo(
    [Id(0)] string WorkspaceId,
    [Id(1)] string SessionId,
    [Id(2)] TerminalSessionStatus Status,
    [Id(3)] int Columns,
    [Id(4)] int Rows,
    [Id(5)] int? ExitCode,
    [Id(6)] DateTimeOffset StartedAt,
    [Id(7)] TerminalOpener? Owner = null);
