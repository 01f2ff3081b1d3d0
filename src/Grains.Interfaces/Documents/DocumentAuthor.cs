namespace Vibe.Grains.Documents;

/// <summary>Who makes a server-side edit (the AI agent): its client id in the history, and the name and colour of its cursor.</summary>
public sealed record DocumentAuthor(string ClientId, string UserId, string Name, string Color);
