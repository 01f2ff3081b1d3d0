using Vibe.WebFront.Tests.Hubs;

namespace Vibe.WebFront.Tests.Fixtures;

/// <summary>
/// One WebFront on Kestrel shared by the tests of a class (<c>IClassFixture&lt;SharedServer&gt;</c>, default settings; derive
/// to change them, as <c>IClassFixture&lt;MyTests.Server&gt;</c>):
/// starting an app takes seconds, so the tests of a class share one and keep apart by registering their own users and
/// workspaces. Each test still gets its own Node client from <see cref="HubTestApp.StartAsync(SharedServer, Func{Task{HubClientProcess}}?)"/>.
/// The app stops, and its containers are removed, when the class's tests are done.
/// </summary>
public class SharedServer(WebFrontFixture fixture) : IAsyncLifetime
{
    private readonly IReadOnlyDictionary<string, string?>? _settings;

    private WebFrontFactory? _factory;
    private Uri? _hubUrl;

    /// <param name="fixture">The collection's fixture.</param>
    /// <param name="settings">Configuration to add or override.</param>
    protected SharedServer(WebFrontFixture fixture, IReadOnlyDictionary<string, string?> settings)
        : this(fixture) => _settings = settings;

    internal WebFrontFactory Factory => _factory ?? throw new InvalidOperationException("The server is not started.");

    internal Uri HubUrl => _hubUrl ?? throw new InvalidOperationException("The server is not started.");

    public async Task InitializeAsync()
    {
        var factory = await fixture.CreateFactoryAsync(_settings);
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
