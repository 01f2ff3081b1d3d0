namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>A start waits for its template's image to be built: the stage a person reads and how far the build is, 0–100.</summary>
[GenerateSerializer, Alias("Vibe.WorkspaceImageBuild")]
public sealed record WorkspaceImageBuild([Id(0)] string Template, [Id(1)] string Stage, [Id(2)] int Percent);
