namespace Vibe.Grains.Tests.Fixtures;

/// <summary>Marks everything this test run creates in Docker, so the collection fixture can remove it at the end.</summary>
public static class TestRun
{
    public const string Label = "io.vibe.tests.run";

    public static string Id { get; } = Guid.NewGuid().ToString("N")[..10];

    /// <summary>The internal network of this run (not the production "vibe-internal"), removed at the end.</summary>
    public static string InternalNetwork => $"vibe-internal-{Id}";

    public static string NewWorkspaceId(string prefix = "ws") => $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}";
}
