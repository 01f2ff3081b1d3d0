namespace Vibe.Grains.Interfaces.Agents;

/// <summary>
/// The outcome of reverting a run: Reverted, or refused with <paramref name="Message"/> naming the files (and lines) a person
/// has edited since, in which case nothing was changed.
/// </summary>
[GenerateSerializer, Alias("Vibe.AgentRevertResult")]
public sealed record AgentRevertResult([Id(0)] bool Reverted, [Id(1)] string Message, [Id(2)] IReadOnlyList<string> Conflicts);
