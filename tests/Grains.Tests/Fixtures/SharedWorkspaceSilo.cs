namespace Vibe.Grains.Tests.Fixtures;

/// <summary>One cluster with the default test options, shared by the "workspaces" classes that need nothing else.</summary>
public sealed class SharedWorkspaceSilo : WorkspaceSiloFixture
{
    // Several classes start workspaces for the same owners here and leave them running until the collection ends.
    protected override void Configure(WorkspaceOptions options) => options.MaxRunningWorkspacesPerOwner = 100;
}
