namespace Vibe.TestSupport;

/// <summary>Awaits a condition instead of sleeping for a guessed time.</summary>
public static class Wait
{
    /// <summary>Polls <paramref name="condition"/> until it holds; throws <see cref="TimeoutException"/> naming <paramref name="what"/> if it does not within <paramref name="timeout"/> (10 s when null).</summary>
    public static async Task Until(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var deadline = DateTime.UtcNow + limit;
        var delay = 5;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0.#} s for: {what}");
            }

            await Task.Delay(delay);
            delay = Math.Min(delay * 2, 100);
        }
    }
}
