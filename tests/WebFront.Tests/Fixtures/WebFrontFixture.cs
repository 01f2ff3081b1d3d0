using Docker.DotNet;
using Microsoft.Extensions.DependencyInjection;
using Vibe.Docker;
using Vibe.Docker.Images;
using Vibe.TestSupport;

namespace Vibe.WebFront.Tests.Fixtures;

/// <summary>
/// The real services the WebFront tests share, started once for the <see cref="WebFrontCollection"/>: a private
/// PostgreSQL server (or the one named by VIBE_TEST_POSTGRES) and the Docker daemon with the blank workspace image (the
/// embedded WebFront hosts the workspace grains, which need it). Each test class makes its own app with
/// <see cref="CreateFactoryAsync"/>: a fresh database and data directory, so classes never see each other's users.
/// </summary>
public sealed class WebFrontFixture : IAsyncLifetime
{
    private readonly Dictionary<string, Task<WebFrontFactory>> _shared = new(StringComparer.Ordinal);
    private readonly Lock _sharedLock = new();
    private PostgresServer? _postgres;
    private DockerDaemon? _daemon;
    private IDockerClient? _docker;

    /// <summary>The PostgreSQL server; <see cref="PostgresServer.CreateDatabaseAsync"/> gives an empty database.</summary>
    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>A client of the Docker daemon the apps' workspaces run on.</summary>
    public IDockerClient Docker => _docker ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync();
        _docker = DockerEngine.Connect();
        _daemon = await DockerDaemon.EnsureRunningAsync(_docker, Path.Combine(Path.GetTempPath(), "vibe-webfront-tests-dockerd.log"));
        using (var buildTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            await BlankImage.EnsureAsync(_docker, cancellationToken: buildTimeout.Token);
        }

        _postgres = await postgres;
    }

    /// <summary>
    /// A new WebFront on a fresh PostgreSQL database and a fresh data directory; dispose it at the end of the test class.
    /// </summary>
    /// <param name="settings">Configuration to add or override (e.g. <c>["Vibe:Auth:MaxFailedSignIns"] = "3"</c>).</param>
    /// <param name="services">Changes to the app's services after Program registered them (e.g. a test clock).</param>
    public async Task<WebFrontFactory> CreateFactoryAsync(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var database = await Postgres.CreateDatabaseAsync();
        return new WebFrontFactory(database, settings, Docker, services);
    }

    /// <summary>
    /// The app named <paramref name="name"/> (usually the test class's name), made on first use with the default settings
    /// and shared by every later caller until the collection ends; it is disposed then. Starting an app takes seconds, so
    /// the tests of a class share one and keep apart by registering their own users and teams.
    /// </summary>
    public Task<WebFrontFactory> SharedFactoryAsync(string name)
    {
        lock (_sharedLock)
        {
            if (!_shared.TryGetValue(name, out var factory))
            {
                factory = CreateFactoryAsync();
                _shared[name] = factory;
            }

            return factory;
        }
    }

    public async Task DisposeAsync()
    {
        Task<WebFrontFactory>[] shared;
        lock (_sharedLock)
        {
            shared = [.. _shared.Values];
            _shared.Clear();
        }

        foreach (var factory in shared)
        {
            if (factory.IsCompletedSuccessfully)
            {
                await factory.Result.DisposeAsync();
            }
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_docker is not null)
        {
            await ServiceContainers.RemoveAsync(_docker, WebFrontFactory.ServiceIds);
            _docker.Dispose();
        }

        if (_daemon is not null)
        {
            await _daemon.DisposeAsync();
        }
    }
}
