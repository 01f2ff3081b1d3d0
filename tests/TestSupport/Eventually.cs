namespace Vibe.TestSupport;

/// <summary>Awaits a condition instead of sleeping for a guessed time.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; throws <see cref="TimeoutException"/> with <paramref name="what"/> if it does not within <paramref name="timeout"/>.</summary>
    public static async Task Until(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var deadline = DateTime.UtcNow + limit;
        var delay = 5;
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0.#} s for: {what}");
            }

            await Task.Delay(delay);
            delay = Math.Min(delay * 2, 100);
        }
    }

    public static Task Until(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Until(() => Task.FromResult(condition()), what, timeout);

    /// <summary>Calls <paramref name="action"/> until it returns without throwing (as while a cluster fails over) and returns its result; after <paramref name="timeout"/> the last failure propagates.</summary>
    public static async Task<T> Succeeds<T>(Func<Task<T>> action, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                return await action();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && DateTime.UtcNow < deadline)
            {
                // Not yet: try again shortly.
            }

            await Task.Delay(50);
        }
    }
}
