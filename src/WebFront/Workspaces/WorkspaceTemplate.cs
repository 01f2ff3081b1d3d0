namespace Vibe.WebFront.Workspaces;

/// <summary>What a workspace can be created from: an image built from deploy/images (on first use when missing).</summary>
/// <param name="Description">What is in it, in one line.</param>
/// <param name="Starter">The project a new workspace begins with and how to run it; null when it begins empty.</param>
internal sealed record WorkspaceTemplate(string Id, string Name, string Description, string? Starter);
