namespace Vibe.Docker.Tests.Fixtures;

/// <summary>Every test bounds its calls so a hang fails the test instead of the run.</summary>
internal static class TestTimeout
{
    public static CancellationTokenSource Start(int seconds = 60) => new(TimeSpan.FromSeconds(seconds));
}
