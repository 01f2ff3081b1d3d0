namespace Vibe.Grains.Interfaces.Documents;

/// <summary>
/// What a watcher learns from <see cref="IDocumentGrain.Watch"/>: the activation it reached (a new one after the document moved
/// or was started again), the document's version, and whether the watch was added there rather than renewed, in which case the
/// watcher may have missed updates up to <paramref name="Version"/> and its editors should pull.
/// </summary>
[GenerateSerializer, Alias("Vibe.DocumentWatch")]
public sealed record DocumentWatch([Id(0)] Guid Activation, [Id(1)] int Version, [Id(2)] bool Added);
