namespace Vibe.Grains.Tests.Fixtures;

/// <summary>Tests against the real daemon share one <see cref="DockerFixture"/> and run one class at a time (the machine has two cores).</summary>
[CollectionDefinition(Name)]
public sealed class WorkspaceCollection : ICollectionFixture<DockerFixture>
{
    public const string Name = "workspaces";
}
