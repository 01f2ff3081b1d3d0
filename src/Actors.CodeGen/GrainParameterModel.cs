namespace Vibe.Actors.CodeGen;

/// <summary>One parameter of a grain method: its C# identifier and its fully qualified type.</summary>
internal sealed record GrainParameterModel(string Name, string Type);
