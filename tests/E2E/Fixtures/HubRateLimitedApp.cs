namespace Vibe.E2E.Tests.Fixtures;

/// <summary>A <see cref="VibeApp"/> whose users may make one watching hub call per ten minutes (<c>Vibe:Hub:RateLimit</c>).</summary>
public sealed class HubRateLimitedApp : IAsyncLifetime
{
    public VibeApp App { get; } = new();

    public Task InitializeAsync()
    {
        App.ExtraSettings["Vibe:Hub:RateLimit:PermitLimit"] = "1";
        App.ExtraSettings["Vibe:Hub:RateLimit:Window"] = "00:10:00";
        return App.InitializeAsync();
    }

    public Task DisposeAsync() => App.DisposeAsync();
}
