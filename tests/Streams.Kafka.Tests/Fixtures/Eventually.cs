namespace Vibe.Streams.Kafka.Tests.Fixtures;

/// <summary>Awaits a condition the system reaches by itself (deliveries arriving), failing with what was awaited.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(90));
        while (!condition())
        {
            try
            {
                await Task.Delay(20, limit.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out awaiting: {what}");
            }
        }
    }
}
