namespace Vibe.Grains.Interfaces.Accounts;

/// <summary>
/// Tells every web silo that a user's access changed (a team membership removed or a role lowered, the account disabled, the
/// password changed), so each closes that user's hub connections and forgets what it cached about the account at once rather
/// than when its cache or the user's token expires. One activation (key <see cref="Key"/>) keeps the web silos' watches.
/// </summary>
[Alias("Vibe.ISessionRevocationGrain")]
public interface ISessionRevocationGrain : IGrainWithStringKey
{
    /// <summary>The key of the one activation.</summary>
    public const string Key = "all";

    /// <summary>Adds or renews a web silo's watch; a watch lapses unless renewed within a minute.</summary>
    Task Watch(ISessionRevocationObserver observer);

    Task Unwatch(ISessionRevocationObserver observer);

    /// <summary>Tells every watching web silo that <paramref name="userId"/>'s access changed; completes once each has taken it.</summary>
    Task Revoke(Guid userId);
}

/// <summary>A web silo's side of <see cref="ISessionRevocationGrain"/>.</summary>
[Alias("Vibe.ISessionRevocationObserver")]
public interface ISessionRevocationObserver : IGrainObserver
{
    /// <summary>The user's access changed: close their hub connections and forget the cached account status.</summary>
    [ResponseTimeout("00:00:05")]
    Task OnRevoked(Guid userId);
}
