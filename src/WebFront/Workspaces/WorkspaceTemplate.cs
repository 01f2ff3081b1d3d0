namespace Vibe.WebFront.Workspaces;

/// <summary>What a workspace can be created from: an image built from deploy/images.</summary>
internal sealed record WorkspaceTemplate(string Id, string Name, string Description);
