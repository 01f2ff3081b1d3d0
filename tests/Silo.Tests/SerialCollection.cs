using Vibe.TestSupport;

namespace Vibe.Silo.Tests;

/// <summary>
/// Test classes in this collection run after the others, alone, so that their timings do not compete with other tests
/// for the machine's cores; they share one private PostgreSQL and one private Redis server.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection : ICollectionFixture<ClusterServers>
{
    public const string Name = "serial";
}
