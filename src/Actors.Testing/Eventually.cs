namespace Vibe.Actors.Testing;

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

    /// <summary>
    /// Retries <paramref name="action"/> until it completes without the errors a cluster gives while it recovers
    /// from a lost silo (<see cref="SiloUnavailableException"/>, <see cref="TimeoutException"/>); returns its result.
    /// </summary>
    public static async Task<T> Succeeds<T>(Func<Task<T>> action, string what, TimeSpan? timeout = null)
    {
        T result = default!;
        await Until(
            async () =>
            {
                try
                {
                    result = await action();
                    return true;
                }
                catch (Exception ex) when (ex is SiloUnavailableException or TimeoutException)
                {
                    return false;
                }
            },
            what,
            timeout ?? TimeSpan.FromSeconds(20));
        return result;
    }

    public static Task Until(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Until(() => Task.FromResult(condition()), what, timeout);
}
