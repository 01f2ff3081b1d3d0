namespace Vibe.WebFront.Tests.Hubs;

/// <summary>
/// One WebFront on Kestrel shared by the tests of a class (<c>IClassFixture&lt;HubServer&gt;</c>, default settings):
/// starting an app takes seconds, so the tests of a class share one and keep apart by registering their own users and
/// workspaces. Each test still gets its own Node client from <see cref="HubTestApp.StartAsync(HubServer, Func{Task{HubClientProcess}}?)"/>.
/// The app stops, and its containers are removed, when the class's tests are done.
/// </summary>
public sealed class HubServer(WebFrontFixture fixture) : IAsyncLifetime
{
    private WebFrontFactory? _factory;
    private Uri? _hubUrl;

    internal WebFrontFactory Factory => _factory ?? throw new InvalidOperationException("The server is not started.");

    internal Uri HubUrl => _hubUrl ?? throw new InvalidOperationException("The server is not started.");

    public async Task InitializeAsync()
    {
        var factory = await fixture.CreateFactoryAsync();
        try
        {
            _hubUrl = HubTestApp.Serve(factory);
        }
        catch
        {
            await factory.DisposeAsync();
            throw;
        }

        _factory = factory;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }
}
