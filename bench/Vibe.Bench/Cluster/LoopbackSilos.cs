using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Vibe.TestSupport;

namespace Vibe.Bench.Cluster;

/// <summary>
/// Two Orleans silos in this process joined over real TCP on 127.0.0.1 (free ports, localhost clustering with the first
/// as primary), so a call from one to a grain on the other goes through the network stack like between two processes.
/// </summary>
internal sealed class LoopbackSilos : IAsyncDisposable
{
    private readonly IHost[] _hosts;

    private LoopbackSilos(IHost[] hosts) => _hosts = hosts;

    public IGrainFactory Caller => _hosts[0].Services.GetRequiredService<IGrainFactory>();

    public IGrainFactory Host => _hosts[1].Services.GetRequiredService<IGrainFactory>();

    public static async Task<LoopbackSilos> StartAsync()
    {
        var ports = FreePort.FindMany(4);
        var primary = new IPEndPoint(IPAddress.Loopback, ports[0]);
        var hosts = new[] { Build(ports[0], ports[1], primary, "caller"), Build(ports[2], ports[3], primary, "host") };
        foreach (var host in hosts)
        {
            await host.StartAsync();
        }

        return new LoopbackSilos(hosts);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts.Reverse())
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    private static IHost Build(int siloPort, int gatewayPort, IPEndPoint primary, string name) => new HostBuilder()
        .UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, primary, serviceId: "bench", clusterId: "remote-calls");
            silo.Configure<SiloOptions>(options => options.SiloName = name);
        })
        .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
        .Build();
}
