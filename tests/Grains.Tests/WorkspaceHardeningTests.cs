namespace Vibe.Grains.Tests;

/// <summary>The hardening checks on containers the workspaces create.</summary>
[Collection(WorkspaceCollection.Name)]
public sealed class WorkspaceHardeningTests(SharedWorkspaceSilo fixture) : WorkspaceHardeningChecks(fixture);
