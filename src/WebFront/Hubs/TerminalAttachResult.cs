using Vibe.Grains.Interfaces.Terminals;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// What AttachTerminal returns: the session, its scrollback, and the output offset where the scrollback ends. The
/// terminalOutput events that follow (some may arrive before this result) are dropped when they end at or before
/// <paramref name="EndOffset"/> and trimmed when they straddle it.
/// </summary>
internal sealed record TerminalAttachResult(TerminalSessionInfo Session, string Scrollback, long EndOffset);
