using Vibe.Hosting.Storage;
using Vibe.TestSupport;

namespace Vibe.Hosting.Tests.Storage;

/// <summary>Cluster membership in PostgreSQL through UseVibeAdoNetClustering.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class MembershipTests(Databases databases)
{
    private const int Active = 3;
    private const int Dead = 6;

    [Fact]
    public async Task Two_silos_form_a_cluster_and_a_client_finds_them_through_the_table()
    {
        var database = await databases.CreateAsync(Databases.PostgreSql);
        var cluster = "svc-" + Guid.NewGuid().ToString("N")[..8];
        var connectionString = database.Settings.ConnectionString;

        await using var first = await TestSilo.StartAsync(database.Settings, cluster, connectionString);
        await using var second = await TestSilo.StartAsync(database.Settings, cluster, connectionString);
        foreach (var silo in (TestSilo[])[first, second])
        {
            var management = silo.Grains.GetGrain<IManagementGrain>(0);
            await Eventually.Until(async () => (await management.GetHosts(onlyActive: true)).Count == 2, "each silo sees two active silos", TimeSpan.FromSeconds(30));
        }

        Assert.Equal([Active, Active], await StatusesAsync(database, cluster));

        // A client outside the silos learns the gateways from the same table (GatewaysQueryKey).
        var client = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        client.UseOrleansClient(builder => builder
            .UseAdoNetClustering(options =>
            {
                options.Invariant = VibeStorageSettings.Npgsql;
                options.ConnectionString = connectionString;
            })
            .Configure<Orleans.Configuration.ClusterOptions>(options =>
            {
                options.ServiceId = cluster;
                options.ClusterId = cluster;
            }));
        using (var clientHost = client.Build())
        {
            await clientHost.StartAsync();
            var note = clientHost.Services.GetRequiredService<IClusterClient>().GetGrain<INoteGrain>("from-client");
            await note.Write("reached");
            Assert.Equal("reached", (await note.Read()).Text);
            await clientHost.StopAsync();
        }

        // A silo that stops leaves the table marked dead, and the other sees it gone.
        await second.DisposeAsync();
        Assert.Equal([Active, Dead], await StatusesAsync(database, cluster));
        var survivor = first.Grains.GetGrain<IManagementGrain>(0);
        await Eventually.Until(async () => (await survivor.GetHosts(onlyActive: true)).Count == 1, "the first silo sees one active silo", TimeSpan.FromSeconds(30));
    }

    private static async Task<List<int>> StatusesAsync(TestDatabase database, string cluster) =>
        [.. (await database.QueryAsync("SELECT status FROM orleans_silos WHERE cluster_id = @cluster ORDER BY start_time", ("@cluster", cluster)))
            .Select(row => (int)row[0]!)];
}
