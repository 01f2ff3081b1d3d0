namespace Vibe.Docker.Tests.Fixtures;

/// <summary>Tests against the real daemon share one fixture and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerFixture>
{
    public const string Name = "docker";
}
