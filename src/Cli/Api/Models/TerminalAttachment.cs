namespace Vibe.Cli.Api.Models;

/// <summary>What the hub's <c>AttachTerminal</c> answers: the scrollback and the output offset where it ends.</summary>
internal sealed record TerminalAttachment(TerminalSession Session, string Scrollback, long EndOffset);
