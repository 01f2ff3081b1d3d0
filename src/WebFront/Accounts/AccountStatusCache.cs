using System.Collections.Concurrent;

namespace Vibe.WebFront.Accounts;

/// <summary>
/// Whether the account behind an access token may still act: it exists and is not disabled. Checked when a token is
/// validated, remembered for a few seconds per account; the admin API forgets an account it changes, so on this web
/// front a disabled account's tokens stop working at once (elsewhere within <see cref="Freshness"/>).
/// </summary>
internal sealed class AccountStatusCache(AccountStore accounts, TimeProvider time)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<Guid, (bool Active, DateTimeOffset CheckedAt)> _status = new();

    public async ValueTask<bool> IsActiveAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_status.TryGetValue(userId, out var known) && now - known.CheckedAt < Freshness)
        {
            return known.Active;
        }

        var user = await accounts.FindByIdAsync(userId, cancellationToken);
        var active = user is { IsDisabled: false };
        _status[userId] = (active, now);
        return active;
    }

    public void Forget(Guid userId) => _status.TryRemove(userId, out _);
}
