using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using Vibe.TestSupport;

namespace Vibe.Bench;

/// <summary>
/// A real Orleans silo in this process (its own service id, localhost clustering on free loopback ports, warnings-only
/// logging), with the grain factory of the silo itself: calls from here come from outside any grain, as WebFront's
/// embedded silo makes them. Disposing it stops the silo.
/// </summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private BenchSilo(IHost host) => Host = host;

    public IHost Host { get; }

    public IServiceProvider Services => Host.Services;

    public IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Starts a silo of service <paramref name="serviceId"/>, configured further by <paramref name="configure"/>.</summary>
    public static async Task<BenchSilo> StartAsync(string serviceId, Action<ISiloBuilder>? configure = null)
    {
        var ports = FreePort.FindMany(2);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans.Runtime.Scheduler", LogLevel.Error);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort: ports[0], gatewayPort: ports[1], serviceId: serviceId, clusterId: serviceId);
            configure?.Invoke(silo);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new BenchSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await Host.StopAsync(timeout.Token);
        }
        finally
        {
            Host.Dispose();
        }
    }
}
