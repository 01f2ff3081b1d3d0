namespace Vibe.Grains.Interfaces.Terminals;

/// <summary>
/// An event of a terminal session (<see cref="ITerminalObserver.OnOutput"/>): output of a terminal session, in order, batched (what
/// arrives within a few milliseconds, up to 16 Ki characters per event).
/// </summary>
/// <param name="Offset">
/// The position of <paramref name="Data"/>'s first character in the session's whole output, counted in UTF-16 characters: events
/// follow each other without gaps. A client that attached at EndOffset drops events with Offset + Data.Length &lt;= EndOffset and
/// trims the first EndOffset - Offset characters of the one that straddles it.
/// </param>
/// <param name="Data">The output decoded from UTF-8 (terminal escape sequences included), as xterm.js writes it.</param>
[GenerateSerializer, Immutable, Alias("Vibe.TerminalOutput")]
public sealed record TerminalOutput([Id(0)] string WorkspaceId, [Id(1)] string SessionId, [Id(2)] long Offset, [Id(3)] string Data);
