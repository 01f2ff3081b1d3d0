using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Vibe.WebFront.Accounts;

/// <summary>
/// Limits sign-in attempts per email address, whichever address they come from (the per-address limit is the
/// "sign-in" rate limiter policy): Vibe:Auth:RequestsPerEmail per Vibe:Auth:RateLimitWindow.
/// </summary>
internal sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public SignInThrottle(IOptions<AuthOptions> options)
    {
        var auth = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(email => RateLimitPartition.GetFixedWindowLimiter(email, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = auth.RequestsPerEmail,
            Window = auth.RateLimitWindow,
            QueueLimit = 0,
        }));
    }

    /// <summary>Takes one attempt for <paramref name="email"/>; null if allowed, else how long to wait.</summary>
    public TimeSpan? TryAcquire(string email)
    {
        using var lease = _limiter.AttemptAcquire(email);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
    }

    public void Dispose() => _limiter.Dispose();
}
