namespace Vibe.Hosting.Tests.Fixtures;

/// <summary>The tests sharing one <see cref="Databases"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class DatabaseCollection : ICollectionFixture<Databases>
{
    public const string Name = "databases";
}
