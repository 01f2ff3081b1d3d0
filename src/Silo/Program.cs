using Vibe.Hosting;
using Vibe.Hosting.Clustering;
using Vibe.Hosting.Health;
using Vibe.Silo;
using Vibe.Silo.Samples;

// The embedded default: one process, one silo, SQLite in the data directory, HTTP on loopback.
// With Vibe:Cluster (a PostgreSQL connection string, and Redis or PostgreSQL membership) the silo joins a cluster instead:
// see docs/cluster.md.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory, // appsettings.json ships next to the binary; the data directory follows the current directory
});

using var host = VibeHost.Configure(builder);
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, SiloJsonContext.Default));

await using var app = builder.Build();
app.UseExceptionHandler();
app.UseTransientClusterRetry();
app.UseStatusCodePages();
app.MapHealthApi();
app.MapGreetingsApi();

return await host.RunAsync(app);
