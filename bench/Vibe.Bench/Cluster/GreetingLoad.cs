using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Vibe.Bench.Cluster;

/// <summary>
/// Greets names through the test silos' HTTP API (POST /test/greetings/{name}) (each greeting a write the grain saves before it answers), one request per
/// name at a time, and keeps per name the highest count acknowledged with a 200 and when the first greeting sent after
/// the failure was acknowledged. A write acknowledged and later missing is a lost write.
/// </summary>
internal sealed class GreetingLoad
{
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(250);

    private readonly string[] _names;
    private readonly int[] _highest;
    private readonly double[] _firstAfterFailure;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _failedAt = double.NaN;

    public GreetingLoad(int count)
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        _names = [.. Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"f{i:D3}-{run}"))];
        _highest = new int[count];
        _firstAfterFailure = [.. Enumerable.Repeat(double.NaN, count)];
    }

    /// <summary>Greets every name through <paramref name="silos"/> until one pass has no failure (after a join, views of the cluster differ briefly).</summary>
    public async Task WarmUpAsync(IReadOnlyList<BenchSilo> silos, TimeSpan bound)
    {
        var deadline = Stopwatch.StartNew();
        for (var pass = 0; ; pass++)
        {
            var results = await Task.WhenAll(_names.Select((_, i) => GreetAsync(i, silos[(i + pass) % silos.Count])));
            if (results.All(ok => ok))
            {
                return;
            }

            if (deadline.Elapsed > bound)
            {
                throw new TimeoutException($"Greetings still failed after {bound.TotalSeconds} s of warm-up.");
            }
        }
    }

    /// <summary>Greets every name over and over through <paramref name="silos"/> until <paramref name="stop"/> is cancelled.</summary>
    public Task RunAsync(IReadOnlyList<BenchSilo> silos, CancellationToken stop) =>
        Task.WhenAll(_names.Select((_, i) => Task.Run(async () =>
        {
            for (var n = i; !stop.IsCancellationRequested; n++)
            {
                await GreetAsync(i, silos[n % silos.Count]);
                try
                {
                    await Task.Delay(Pace, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        })));

    /// <summary>Marks now as the moment of the failure: greetings sent from now on count toward recovery.</summary>
    public void MarkFailure() => Volatile.Write(ref _failedAt, _clock.Elapsed.TotalSeconds);

    /// <summary>Seconds from the failure until the last name answered a greeting sent after it; null while some name has not.</summary>
    public double? RecoverySeconds()
    {
        var failedAt = Volatile.Read(ref _failedAt);
        var last = 0.0;
        for (var i = 0; i < _names.Length; i++)
        {
            var first = Volatile.Read(ref _firstAfterFailure[i]);
            if (double.IsNaN(first))
            {
                return null;
            }

            last = Math.Max(last, first - failedAt);
        }

        return last;
    }

    /// <summary>Greets every name once more through <paramref name="silos"/> (retrying failures); counts acknowledged greetings the grains no longer have.</summary>
    public async Task<int> CountLostWritesAsync(IReadOnlyList<BenchSilo> silos)
    {
        var lost = await Task.WhenAll(_names.Select(async (name, i) =>
        {
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var before = Volatile.Read(ref _highest[i]);
                var count = await PostAsync(silos[(i + attempt) % silos.Count], name);
                if (count is { } now)
                {
                    // A failed greeting may have been saved, so the count may jump; it may never fall back.
                    return Math.Max(0, before + 1 - now);
                }

                await Task.Delay(100);
            }

            throw new InvalidOperationException($"{name} did not answer after the failover.");
        }));
        return lost.Sum();
    }

    private async Task<bool> GreetAsync(int i, BenchSilo silo)
    {
        var sentAt = _clock.Elapsed.TotalSeconds;
        var count = await PostAsync(silo, _names[i]);
        if (count is not { } acknowledged)
        {
            return false;
        }

        InterlockedMax(ref _highest[i], acknowledged);
        if (sentAt >= Volatile.Read(ref _failedAt) && double.IsNaN(Volatile.Read(ref _firstAfterFailure[i])))
        {
            Volatile.Write(ref _firstAfterFailure[i], _clock.Elapsed.TotalSeconds);
        }

        return true;
    }

    private static async Task<int?> PostAsync(BenchSilo silo, string name)
    {
        try
        {
            using var response = await silo.Client.PostAsync(new Uri($"/test/greetings/{name}", UriKind.Relative), content: null);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }

            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return body.RootElement.GetProperty("count").GetInt32();
        }
        catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
