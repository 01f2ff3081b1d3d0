namespace Vibe.Cli.Tests.Fixtures;

/// <summary>The test classes that drive vibe against one shared <see cref="CliServer"/>.</summary>
[CollectionDefinition(Name)]
public sealed class CliCollection : ICollectionFixture<CliServer>
{
    public const string Name = "vibe against a real server";
}
