namespace Vibe.Grains.Interfaces.Terminals;

/// <summary>What a client needs to show a terminal session it attaches to: its info, the scrollback, and where the scrollback ends.</summary>
/// <param name="Scrollback">The session's last output (its start may have been trimmed away); empty before any output.</param>
/// <param name="EndOffset">The offset, in characters of the session's whole output, at which <paramref name="Scrollback"/> ends: output events continue from here.</param>
[GenerateSerializer, Alias("Vibe.TerminalAttachment")]
public sealed record TerminalAttachment([Id(0)] TerminalSessionInfo Info, [Id(1)] string Scrollback, [Id(2)] long EndOffset);
