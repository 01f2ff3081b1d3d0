using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Npgsql;
using Vibe.Actors.Hosting;
using Vibe.Grains;
using Vibe.Silo;
using Vibe.Silo.Clustering;
using Vibe.Silo.Health;
using Vibe.Silo.Hosting;
using Vibe.Silo.Samples;

const int DeclaredDeadExitCode = 2;

// The embedded default: one process, one silo, SQLite in the data directory, HTTP on loopback.
// With Vibe:Cluster (a PostgreSQL connection string) the silo joins a cluster instead: see docs/cluster.md.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory, // appsettings.json ships next to the binary; the data directory follows the current directory
});

builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(console =>
{
    console.SingleLine = true;
    console.UseUtcTimestamp = true;
    console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
});

var vibe = builder.Configuration.GetSection(VibeOptions.SectionName).Get<VibeOptions>() ?? new VibeOptions();
var urls = vibe.ResolveUrls(builder.Configuration[WebHostDefaults.ServerUrlsKey]);
builder.WebHost.UseUrls(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

var cluster = ClusterConfiguration.Resolve(builder.Configuration);
using var dataDirectory = DataDirectory.Resolve(vibe.DataDirectory);
if (cluster.IsEnabled)
{
    builder.Services.BindClusterMembershipOptions(builder.Configuration);
}

builder.Services.AddSilo(silo =>
{
    if (cluster.IsEnabled)
    {
        cluster.ConfigureSilo(silo);
    }
    else
    {
        silo.AddSqliteGrainStorage(dataDirectory.ConnectionString).UseSqliteReminders(dataDirectory.ConnectionString);
    }

    // Workspaces: one host directory each under the data directory, containers on the local Docker socket.
    silo.AddInClusterStreams("default").AddWorkspaces(o =>
    {
        o.Root = Path.Combine(dataDirectory.Path, "workspaces");
        builder.Configuration.GetSection("Vibe:Workspaces").Bind(o);
    });
});
builder.Services.BindActorOptions(builder.Configuration);
builder.Services.AddSingleton(cluster);
if (cluster.IsEnabled)
{
    builder.Services.AddSingleton<ActiveSiloCounter>();
}

builder.Services.AddSingleton<SiloReadiness>();
builder.Services.AddSingleton<ActivationCounter>();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<TransientClusterFailureHandler>();
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, SiloJsonContext.Default));

await using var app = builder.Build();
var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Vibe.Silo");
var readiness = app.Services.GetRequiredService<SiloReadiness>();
_ = app.Services.GetRequiredService<ActivationCounter>(); // listens from before the first activation

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapHealthApi();
app.MapGreetingsApi();

if (cluster.Problem is { } clusterProblem)
{
    SiloLog.CannotStart(logger, $"{clusterProblem} See docs/cluster.md.");
    return 1;
}

// A cluster member keeps everything in PostgreSQL, so several of them can share a machine and a current directory.
if (!cluster.IsEnabled && !dataDirectory.TryOpen(out var problem))
{
    SiloLog.CannotStart(logger, problem);
    return 1;
}

if (ActorOptionsConfiguration.Validate(app.Services) is { } invalid)
{
    SiloLog.CannotStart(logger, $"invalid configuration: {invalid} See docs/configuration.md.");
    return 1;
}

if (cluster.IsEnabled)
{
    SiloLog.StartingInCluster(logger, cluster.ClusterId, cluster.Database, cluster.SiloEndpoint.ToString(),
        cluster.AdvertisedAddress?.ToString() ?? cluster.SiloEndpoint.Address.ToString(), cluster.Settings.Role, urls);
}
else
{
    SiloLog.Starting(logger, dataDirectory.Path, urls);
}

using var signals = new ShutdownSignals();
try
{
    await app.StartAsync();
}
catch (IOException bindFailed) when (bindFailed.InnerException is AddressInUseException)
{
    SiloLog.CannotStart(logger, $"{bindFailed.Message} Stop the process using it, or choose another address with --urls or Vibe:Urls.");
    return 1;
}
catch (SocketException siloBindFailed) when (cluster.IsEnabled && siloBindFailed.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AddressNotAvailable or SocketError.AccessDenied)
{
    SiloLog.CannotStart(logger, $"the silo port {cluster.SiloEndpoint} cannot be opened: {siloBindFailed.Message}. Stop the process using it, or choose another with Vibe:Cluster:SiloPort and Vibe:Cluster:ListenAddress.");
    return 1;
}
catch (NpgsqlException databaseFailed) when (cluster.IsEnabled)
{
    SiloLog.CannotStart(logger, $"the cluster's PostgreSQL database {cluster.Database} cannot be used: {databaseFailed.Message.TrimEnd('.')}. Check Vibe:Cluster:ConnectionString and that the server runs.");
    return 1;
}

readiness.MarkStarted();
app.Lifetime.ApplicationStopping.Register(readiness.MarkStopping);
var local = app.Services.GetRequiredService<ILocalSiloDetails>();
Console.WriteLine(cluster.IsEnabled
    ? $"Vibe is running at {string.Join(", ", app.Urls)} (silo {local.SiloAddress}, cluster \"{cluster.ClusterId}\")"
    : $"Vibe is running at {string.Join(", ", app.Urls)} (data: {dataDirectory.Path})");

await app.WaitForShutdownAsync();
if (cluster.IsEnabled && !signals.Received)
{
    // Only the runtime stops the host without a signal: the cluster declared this silo dead (it was unreachable).
    SiloLog.DeclaredDead(logger, local.SiloAddress);
    return DeclaredDeadExitCode;
}

SiloLog.Stopped(logger);
return 0;
