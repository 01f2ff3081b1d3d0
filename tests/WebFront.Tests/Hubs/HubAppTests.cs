namespace Vibe.WebFront.Tests.Hubs;

/// <summary>
/// A hub test class whose every test gets a WebFront of its own beside the real SignalR client (<see cref="HubTestApp"/>),
/// with its first account, the installation admin, registered as <see cref="Owner"/>. A class whose app needs settings or
/// services of its own overrides <see cref="StartAppAsync"/>.
/// </summary>
public abstract class HubAppTests(WebFrontFixture fixture) : IAsyncLifetime
{
    private HubTestApp? _app;
    private TestUser? _owner;

    private protected HubTestApp App => _app!;

    /// <summary>The first account: the installation admin.</summary>
    private protected TestUser Owner => _owner!;

    public async Task InitializeAsync()
    {
        _app = await StartAppAsync(fixture);
        _owner = await App.Factory.RegisterAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private protected virtual Task<HubTestApp> StartAppAsync(WebFrontFixture webFront) => HubTestApp.StartAsync(webFront);
}
