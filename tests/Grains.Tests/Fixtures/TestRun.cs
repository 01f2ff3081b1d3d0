namespace Vibe.Grains.Tests.Fixtures;

/// <summary>Marks everything this test run creates in Docker, so the collection fixture can remove it at the end.</summary>
public static class TestRun
{
    public const string Label = "io.vibe.tests.run";

    public static string Id { get; } = Guid.NewGuid().ToString("N")[..10];

    public static string NewWorkspaceId(string prefix = "ws") => $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}";
}
