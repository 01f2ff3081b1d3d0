using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;

namespace Vibe.WebFront.Accounts;

/// <summary>
/// Whether the session behind an access token may still act: the account exists, is not disabled, and its security stamp
/// (<see cref="AccessTokenIssuer.SecurityStampClaim"/>: when its password last changed) is the one the token carries. Checked
/// when a token is validated and at every hub call, remembered for <see cref="Freshness"/> per account. Whatever changes an
/// account's access goes through <see cref="SessionRevocations"/>, which makes every web front forget the account at once.
/// </summary>
internal sealed class AccountStatusCache(AccountStore accounts, TimeProvider time)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<Guid, (bool Active, long Stamp, DateTimeOffset CheckedAt)> _status = new();

    /// <summary>Whether the account exists and is enabled.</summary>
    public async ValueTask<bool> IsActiveAsync(Guid userId, CancellationToken cancellationToken) =>
        (await GetAsync(userId, cancellationToken)).Active;

    /// <summary>Whether <paramref name="principal"/>'s token still stands: its account is enabled and its stamp current.</summary>
    public async ValueTask<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var (active, stamp) = await GetAsync(principal.GetUserId(), cancellationToken);
        return active
            && long.TryParse(principal.FindFirst(AccessTokenIssuer.SecurityStampClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var tokenStamp)
            && tokenStamp == stamp;
    }

    public void Forget(Guid userId) => _status.TryRemove(userId, out _);

    private async ValueTask<(bool Active, long Stamp)> GetAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_status.TryGetValue(userId, out var known) && now - known.CheckedAt < Freshness)
        {
            return (known.Active, known.Stamp);
        }

        var user = await accounts.FindByIdAsync(userId, cancellationToken);
        var status = (Active: user is { IsDisabled: false }, Stamp: user?.PasswordChangedAt ?? -1);
        _status[userId] = (status.Active, status.Stamp, now);
        return status;
    }
}
