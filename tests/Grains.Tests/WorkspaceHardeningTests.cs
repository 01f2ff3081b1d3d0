namespace Vibe.Grains.Tests;

/// <summary>The hardening checks on containers the workspaces create.</summary>
[Collection(WorkspaceCollection.Name)]
public sealed class WorkspaceHardeningTests(WorkspaceHardeningTests.Fixture fixture) : WorkspaceHardeningChecks(fixture), IClassFixture<WorkspaceHardeningTests.Fixture>
{
    public sealed class Fixture : WorkspaceSiloFixture;
}
