using Vibe.Hosting.Clustering;
using Vibe.Hosting.Health;

namespace Vibe.Hosting;

/// <summary>
/// The grain-hosting process of a cluster (src/Silo): one silo with the health probes and no web app. The embedded
/// default is one process, one silo, SQLite in the data directory, HTTP on loopback; with Vibe:Cluster (a PostgreSQL
/// connection string, and Redis or PostgreSQL membership) the silo joins a cluster instead: see docs/cluster.md.
/// </summary>
public static class SiloProgram
{
    /// <summary>
    /// Runs the Silo until it is stopped and returns its exit code (see <see cref="VibeHost.RunAsync"/>). A test host that
    /// needs grains and endpoints of its own on a real silo (tests/TestSilo) passes <paramref name="configure"/> and
    /// <paramref name="map"/>; the Silo itself passes neither.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, Action<WebApplicationBuilder>? configure = null, Action<WebApplication>? map = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory, // appsettings.json ships next to the binary; the data directory follows the current directory
        });

        using var host = VibeHost.Configure(builder);
        configure?.Invoke(builder);

        await using var app = builder.Build();
        app.UseExceptionHandler();
        app.UseTransientClusterRetry();
        app.UseStatusCodePages();
        app.MapHealthApi();
        map?.Invoke(app);

        return await host.RunAsync(app);
    }
}
