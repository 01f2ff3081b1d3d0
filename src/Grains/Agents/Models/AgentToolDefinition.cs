namespace Vibe.Grains.Agents.Models;

/// <summary>A tool the model may call.</summary>
/// <param name="InputSchemaJson">The JSON Schema (an object schema) of the tool's input, as JSON text.</param>
public sealed record AgentToolDefinition(string Name, string Description, string InputSchemaJson);
