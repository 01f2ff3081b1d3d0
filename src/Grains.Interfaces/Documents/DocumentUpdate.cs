namespace Vibe.Grains.Documents;

/// <summary>One update as <c>@codemirror/collab</c> sends it: the client that made it and its <c>ChangeSet.toJSON()</c> as JSON text.</summary>
public sealed record DocumentUpdate(string ClientId, string Changes);
