using System.Net;
using Orleans.Configuration;
using Vibe.Hosting.Storage;
using Vibe.TestSupport;

namespace Vibe.Hosting.Tests.Fixtures;

/// <summary>
/// A real silo in this process (a generic host with UseOrleans) on free loopback ports, with Vibe's storage and reminders
/// in a test database and the test grains of this project. Alone it uses localhost clustering, like the embedded default;
/// given a PostgreSQL connection string for membership it joins that cluster.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private TestSilo(IHost host) => _host = host;

    /// <summary>The grains, as this silo's code calls them.</summary>
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>This silo's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Starts a silo of <paramref name="serviceId"/> storing in <paramref name="storage"/>.</summary>
    /// <param name="membership">A PostgreSQL connection string for ADO.NET membership, or null for a cluster of this one silo.</param>
    public static async Task<TestSilo> StartAsync(VibeStorageSettings storage, string serviceId, string? membership = null)
    {
        var ports = FreePort.FindMany(2);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo =>
        {
            if (membership is null)
            {
                silo.UseLocalhostClustering(ports[0], ports[1], serviceId: serviceId, clusterId: serviceId);
            }
            else
            {
                silo.UseVibeAdoNetClustering(membership);
                silo.Configure<ClusterOptions>(options =>
                {
                    options.ServiceId = serviceId;
                    options.ClusterId = serviceId;
                });
                silo.ConfigureEndpoints(IPAddress.Loopback, ports[0], ports[1]);
            }

            silo.AddVibeStorage(storage);
            silo.AddMemoryStreams(ListenerGrain.StreamProvider);

            // Reminders tick every second in tests; the default minimum is one minute.
            silo.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
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

        return new TestSilo(host);
    }

    /// <summary>Stops the silo gracefully (it leaves the cluster and hands over its reminders and grains).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _host.StopAsync();
        _host.Dispose();
    }
}
