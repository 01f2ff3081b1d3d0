namespace Vibe.Grains.Interfaces.Terminals;

/// <summary>Who opens a terminal session, and whether only they may attach to it (a private terminal) or every member may watch it.</summary>
[GenerateSerializer, Alias("Vibe.TerminalOpener")]
public sealed record TerminalOpener([Id(0)] string UserId, [Id(1)] string DisplayName, [Id(2)] bool Private);
