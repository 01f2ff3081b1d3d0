namespace Vibe.Grains.Tests.Fixtures;

/// <summary>
/// Tests against the real daemon share one <see cref="DockerFixture"/> (and, when they need durable grain state, one PostgreSQL
/// server) and run one class at a time (the machine has two cores).
/// </summary>
[CollectionDefinition(Name)]
public sealed class WorkspaceCollection : ICollectionFixture<DockerFixture>, ICollectionFixture<StorageFixture>, ICollectionFixture<SharedWorkspaceSilo>
{
    public const string Name = "workspaces";
}
