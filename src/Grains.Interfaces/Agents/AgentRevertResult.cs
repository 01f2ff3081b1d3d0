namespace Vibe.Grains.Agents;

/// <summary>
/// The outcome of reverting a run: Reverted, or refused with <paramref name="Message"/> naming the files (and lines) a person
/// has edited since, in which case nothing was changed.
/// </summary>
public sealed record AgentRevertResult(bool Reverted, string Message, IReadOnlyList<string> Conflicts);
