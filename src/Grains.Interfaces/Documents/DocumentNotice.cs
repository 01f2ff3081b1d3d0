namespace Vibe.Grains.Interfaces.Documents;

/// <summary>A document notice (<see cref="IDocumentObserver.OnNotice"/>), with a message to show the editors.</summary>
[GenerateSerializer, Alias("Vibe.DocumentNotice")]
public sealed record DocumentNotice([Id(0)] string DocumentKey, [Id(1)] DocumentNoticeKind Kind, [Id(2)] string? NewPath, [Id(3)] string Message);
