namespace Vibe.Actors.Tests;

/// <summary>Test classes that need PostgreSQL: they share one server, started once per test run.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
