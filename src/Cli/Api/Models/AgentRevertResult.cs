namespace Vibe.Cli.Api.Models;

/// <summary>What reverting a run did: reverted, or refused with the files a person has edited since.</summary>
internal sealed record AgentRevertResult(bool Reverted, string Message, IReadOnlyList<string> Conflicts);
