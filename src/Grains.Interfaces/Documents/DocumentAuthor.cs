namespace Vibe.Grains.Interfaces.Documents;

/// <summary>Who makes a server-side edit (the AI agent): its client id in the history, and the name and colour of its cursor.</summary>
[GenerateSerializer, Alias("Vibe.DocumentAuthor")]
public sealed record DocumentAuthor([Id(0)] string ClientId, [Id(1)] string UserId, [Id(2)] string Name, [Id(3)] string Color);
