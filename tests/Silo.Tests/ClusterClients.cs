using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Vibe.Silo.Tests;

/// <summary>Orleans clients of a test cluster.</summary>
internal static class ClusterClients
{
    /// <summary>A started client of cluster <paramref name="clusterId"/>, finding its gateways in the Redis membership table.</summary>
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
        await host.StartAsync();
        return host;
    }
}
