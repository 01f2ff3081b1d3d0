namespace Vibe.Grains.Interfaces.Documents;

/// <summary>One update as <c>@codemirror/collab</c> sends it: the client that made it and its <c>ChangeSet.toJSON()</c> as JSON text.</summary>
[GenerateSerializer, Immutable, Alias("Vibe.DocumentUpdate")]
public sealed record DocumentUpdate([Id(0)] string ClientId, [Id(1)] string Changes);
