namespace Vibe.Grains.Tests.Fixtures;

/// <summary>One cluster with the default test options, shared by the "workspaces" classes that need nothing else.</summary>
public sealed class SharedWorkspaceSilo : WorkspaceSiloFixture;
