namespace Vibe.Cli.Api.Models;

/// <summary>A conversation of a workspace's AI agent.</summary>
internal sealed record ChatThreadInfo(string ThreadId, string Title, IReadOnlyList<string> RunIds);
