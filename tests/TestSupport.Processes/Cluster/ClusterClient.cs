using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Vibe.TestSupport;

/// <summary>An Orleans client of a test cluster, to ask its management grain where grains are activated.</summary>
public static class ClusterClient
{
    /// <summary>
    /// Connects to the cluster <paramref name="clusterId"/> (service "vibe" unless <paramref name="serviceId"/> names another),
    /// finding its gateways in the Redis membership table at <paramref name="redis"/>. Dispose the host to disconnect.
    /// </summary>
    public static async Task<IHost> ConnectAsync(string redis, string clusterId, string serviceId = "vibe")
    {
        var host = new HostBuilder()
            .UseOrleansClient(client =>
            {
                client.Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = clusterId;
                    options.ServiceId = serviceId;
                });
                client.UseRedisClustering(options => options.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            })
            .Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }
}
