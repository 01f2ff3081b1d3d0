using Vibe.TestSupport;

namespace Vibe.Silo.Tests;

/// <summary>One Silo process shared by the tests of a class, on its own data directory.</summary>
public sealed class RunningSiloFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private SiloProcess? _silo;

    public string DataDirectory => _data.Path;

    public Uri Url { get; private set; } = null!;

    public string Banner { get; private set; } = "";

    public HttpClient Client { get; private set; } = null!;

    internal string Output => _silo?.Output ?? "";

    public async Task InitializeAsync()
    {
        (_silo, Url) = await SiloProcess.StartRunningAsync(_data.Path);
        Banner = await _silo.WaitUntilRunningAsync();
        Client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        _data.Dispose();
    }
}
