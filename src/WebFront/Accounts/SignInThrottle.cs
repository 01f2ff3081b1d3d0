using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Vibe.WebFront.Accounts;

/// <summary>
/// Slows down password guessing without locking anyone out. Failed sign-ins are counted per IP address and per
/// (address, account) pair; past Vibe:Auth:FreeFailedSignInsPerAddress or FreeFailedSignInsPerAccount, each further
/// failure makes that address (or pair) wait before its next try, 1 second and doubling up to Vibe:Auth:MaxSignInDelay.
/// The account itself is never blocked, so its owner signs in from another address while someone guesses elsewhere; and
/// unknown emails count exactly like known ones, so the answers tell nothing about which exist. Kept in memory per web
/// front; the per-address request rate limit (the "sign-in" policy) comes on top.
/// </summary>
internal sealed class SignInThrottle(IOptions<AuthOptions> options, TimeProvider time)
{
    // Pruned when it grows past this many entries, dropping those quiet for longer than the failure memory.
    private const int PruneThreshold = 10_000;

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="address"/> must still wait before trying <paramref name="email"/>; null when it may try now.</summary>
    public TimeSpan? RetryAfter(string address, string email)
    {
        var now = time.GetUtcNow();
        var wait = TimeSpan.Zero;
        foreach (var key in Keys(address, email))
        {
            if (_failures.TryGetValue(key, out var failures) && failures.BlockedUntil > now)
            {
                wait = Max(wait, failures.BlockedUntil - now);
            }
        }

        return wait > TimeSpan.Zero ? wait : null;
    }

    /// <summary>Counts a failed sign-in of <paramref name="address"/> for <paramref name="email"/> (known or not).</summary>
    public void RecordFailure(string address, string email)
    {
        var auth = options.Value;
        var now = time.GetUtcNow();
        Count(AddressKey(address), auth.FreeFailedSignInsPerAddress, now);
        Count(PairKey(address, email), auth.FreeFailedSignInsPerAccount, now);
        if (_failures.Count > PruneThreshold)
        {
            Prune(now);
        }
    }

    /// <summary>A successful sign-in forgets the pair's failures (the address keeps its own count).</summary>
    public void RecordSuccess(string address, string email) => _failures.TryRemove(PairKey(address, email), out _);

    private void Count(string key, int free, DateTimeOffset now)
    {
        var memory = options.Value.SignInFailureMemory;
        var maxDelay = options.Value.MaxSignInDelay;
        _failures.AddOrUpdate(
            key,
            _ => Failures.First(now, free, maxDelay),
            (_, current) => (now - current.LastFailureAt > memory ? Failures.None : current).Next(now, free, maxDelay));
    }

    private void Prune(DateTimeOffset now)
    {
        var memory = options.Value.SignInFailureMemory;
        foreach (var (key, failures) in _failures)
        {
            if (now - failures.LastFailureAt > memory)
            {
                _failures.TryRemove(key, out _);
            }
        }
    }

    private static IEnumerable<string> Keys(string address, string email) => [AddressKey(address), PairKey(address, email)];

    private static string AddressKey(string address) => "a|" + address;

    private static string PairKey(string address, string email) => $"p|{address}|{email}";

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>The failures of one address or pair: how many, the last one, and until when the next try must wait.</summary>
    private sealed record Failures(int Count, DateTimeOffset LastFailureAt, DateTimeOffset BlockedUntil)
    {
        public static readonly Failures None = new(0, DateTimeOffset.MinValue, DateTimeOffset.MinValue);

        public static Failures First(DateTimeOffset now, int free, TimeSpan maxDelay) => None.Next(now, free, maxDelay);

        public Failures Next(DateTimeOffset now, int free, TimeSpan maxDelay)
        {
            var count = Count + 1;
            var over = count - free;
            if (over <= 0)
            {
                return new Failures(count, now, BlockedUntil);
            }

            // 1 s after the first failure past the free ones, doubling with each further one.
            var seconds = Math.Min(Math.Pow(2, Math.Min(over - 1, 30)), maxDelay.TotalSeconds);
            return new Failures(count, now, now + TimeSpan.FromSeconds(seconds));
        }
    }
}
