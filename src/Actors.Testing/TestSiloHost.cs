using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vibe.Actors.Hosting;

namespace Vibe.Actors.Testing;

/// <summary>
/// A silo started in-process for tests, with the storage the test chooses. Stop it and start another with
/// the same storage to test what survives a restart.
/// </summary>
public sealed class TestSiloHost : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private TestSiloHost(IHost host)
    {
        _host = host;
        GrainFactory = host.Services.GetRequiredService<IGrainFactory>();
    }

    public IGrainFactory GrainFactory { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>Starts a silo. Without <paramref name="configureSilo"/> it has in-memory grain storage named "Default" and in-memory reminders.</summary>
    public static async Task<TestSiloHost> StartAsync(Action<SiloBuilder>? configureSilo = null, Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSilo(silo =>
        {
            if (configureSilo is null)
            {
                silo.AddMemoryGrainStorage();
            }
            else
            {
                configureSilo(silo);
            }
        });
        configureServices?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new TestSiloHost(host);
    }

    /// <summary>Stops the silo gracefully: every activation is deactivated and its OnDeactivateAsync runs.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _host.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
