namespace Vibe.Grains.Interfaces.Documents;

/// <summary>
/// Whether a push was applied, the document's version now, and the activation that took it (see <see cref="DocumentWatch.Activation"/>:
/// a watcher whose watch reached another activation renews it at once, so the editors hear of this push's successors).
/// </summary>
[GenerateSerializer, Alias("Vibe.DocumentPushResult")]
public sealed record DocumentPushResult([Id(0)] bool Accepted, [Id(1)] int Version, [Id(2)] Guid Activation);
