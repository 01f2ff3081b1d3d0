using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Vibe.WebFront.Accounts;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// Refuses a user's <see cref="SubscribesAttribute"/> hub calls beyond <see cref="HubRateLimitOptions"/>, over all their
/// connections: HTTP's rate limiter never sees hub calls, and each of these costs the cluster a subscription, a grain
/// call chain or a stored stream record, so a script calling one in a loop would otherwise cost as much as it can send.
/// A token bucket per user: a burst of <see cref="HubRateLimitOptions.PermitLimit"/>, refilled evenly over the window.
/// A call the server retries after a cluster failure spends one permit, not one per try.
/// </summary>
internal sealed class HubRateLimitFilter : IHubFilter, IDisposable
{
    private static readonly ConcurrentDictionary<MethodInfo, bool> Limited = new();

    private readonly PartitionedRateLimiter<Guid> _limiter;

    public HubRateLimitFilter(IOptions<HubRateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        var refill = settings.Window / settings.PermitLimit;
        var tokensPerRefill = 1;
        if (refill < TimeSpan.FromMilliseconds(100))
        {
            // The limiter refills on a 100 ms timer: a faster rate gives more tokens per refill instead.
            tokensPerRefill = (int)Math.Ceiling(TimeSpan.FromMilliseconds(100) / refill);
            refill = settings.Window * tokensPerRefill / settings.PermitLimit;
        }

        _limiter = PartitionedRateLimiter.Create<Guid, Guid>(user => RateLimitPartition.GetTokenBucketLimiter(user, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.PermitLimit,
            TokensPerPeriod = tokensPerRefill,
            ReplenishmentPeriod = refill,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        // The server's retry of a call this filter already counted (HubCallRetry) is not a new call.
        if (!HubCallRetry.IsRetry && Limited.GetOrAdd(invocationContext.HubMethod, static method => method.IsDefined(typeof(SubscribesAttribute), inherit: false)))
        {
            using var lease = _limiter.AttemptAcquire(invocationContext.Context.User!.GetUserId());
            if (!lease.IsAcquired)
            {
                var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                throw new HubException($"Too many requests to watch workspaces, terminals or documents in a short time; try again in {seconds} s.");
            }
        }

        return await next(invocationContext);
    }

    public void Dispose() => _limiter.Dispose();
}
