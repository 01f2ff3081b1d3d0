using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vibe.Actors.Cluster;
using Vibe.Actors.Messaging;
using Vibe.Actors.Reminders;
using Vibe.Actors.Runtime;

namespace Vibe.Actors.Hosting;

/// <summary>Starts and stops the silo in stages, logging one line per stage.</summary>
internal sealed partial class SiloHostedService(
    SiloRuntime runtime,
    ReminderService reminders,
    IEnumerable<ISiloStartupTask> startupTasks,
    GrainAssemblies grainAssemblies,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<SiloHostedService> logger) : IHostedService
{
    private int _killed;

    private bool IsClustered => services.GetService<ClusterMarker>() is not null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        GrainTypeResolver.RegisterLoadedAssemblies(grainAssemblies.Assemblies);
        var classes = runtime.TypeResolver.Classes;
        LogGrainTypes(logger, classes.Count, string.Join(", ", classes.Select(c => c.GrainType).Order(StringComparer.Ordinal)));

        var tasks = startupTasks.Distinct().ToList();
        foreach (var task in tasks)
        {
            await task.InitializeAsync(cancellationToken);
        }

        LogStorageReady(logger, tasks.Count);
        runtime.Start();
        if (IsClustered)
        {
            var membership = services.GetRequiredService<ClusterMembershipService>();
            membership.OnDeclaredDead = () =>
            {
                Kill();
                lifetime.StopApplication();
            };
            await runtime.JoinClusterAsync(
                services.GetRequiredService<SiloConnectionManager>(),
                membership,
                services.GetRequiredService<IOptions<ClusterOptions>>().Value,
                services,
                cancellationToken);
            reminders.UseOwnership(runtime);
        }

        runtime.AddLocalSystemTargets();
        await reminders.StartAsync(cancellationToken);
        LogStarted(logger, runtime.SiloName, runtime.Cluster?.Self.ToString() ?? "standalone");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _killed) != 0)
        {
            return;
        }

        var count = runtime.Catalog.Count;
        LogStopping(logger, runtime.SiloName, count);
        reminders.Dispose();
        var cluster = runtime.Cluster;
        try
        {
            if (cluster is not null)
            {
                await cluster.Membership.BeginLeaveAsync(cancellationToken);
            }

            await runtime.DeactivateAllAsync(cancellationToken);
            if (cluster is not null)
            {
                await cluster.Membership.CompleteLeaveAsync(cancellationToken);

                // Callers that have not read the table yet still send here; keep forwarding until their answers are back.
                await Task.Delay(cluster.Membership.GossipGracePeriod, cancellationToken);
                await cluster.Messenger.DrainAsync(TimeSpan.FromSeconds(5));
                await cluster.Transport.StopAsync(cancellationToken);
            }
        }
        finally
        {
            runtime.Dispose();
        }

        LogStopped(logger, runtime.SiloName, count);
    }

    /// <summary>Stops at once, as a killed process would: no goodbye to the cluster, no OnDeactivateAsync.</summary>
    public void Kill()
    {
        if (Interlocked.Exchange(ref _killed, 1) != 0)
        {
            return;
        }

        if (runtime.Cluster is { } cluster)
        {
            cluster.Transport.Abort();
            _ = cluster.Membership.StopLoopsAsync();
        }

        reminders.Dispose();
        runtime.AbortAll();
        runtime.Dispose();
        LogKilled(logger, runtime.SiloName);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered {Count} grain types: {GrainTypes}")]
    private static partial void LogGrainTypes(ILogger logger, int count, string grainTypes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Initialized {Count} storage providers")]
    private static partial void LogStorageReady(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloName} started ({Address})")]
    private static partial void LogStarted(ILogger logger, string siloName, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloName} stopping: deactivating {Count} activations")]
    private static partial void LogStopping(ILogger logger, string siloName, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloName} stopped; {Count} activations deactivated")]
    private static partial void LogStopped(ILogger logger, string siloName, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {SiloName} stopped abruptly")]
    private static partial void LogKilled(ILogger logger, string siloName);
}
