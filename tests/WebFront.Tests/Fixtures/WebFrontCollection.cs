namespace Vibe.WebFront.Tests.Fixtures;

/// <summary>
/// The WebFront tests share one <see cref="WebFrontFixture"/> and run one class at a time: each class starts a whole
/// Vibe (silo, API, hubs) and the CI machine has two cores. Mark a test class <c>[Collection(WebFrontCollection.Name)]</c>
/// and take the fixture in its constructor.
/// </summary>
[CollectionDefinition(Name)]
public sealed class WebFrontCollection : ICollectionFixture<WebFrontFixture>
{
    public const string Name = "WebFront";
}
