using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Hosting;
using Vibe.Docker.Network;
using Vibe.Docker.Runtime;
using Vibe.Grains;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Grains.Placement;
using Vibe.Grains.Workspaces;
using Vibe.Hosting.Clustering;
using Vibe.Hosting.Health;
using Vibe.Hosting.Logging;
using Vibe.Hosting.Storage;
using Vibe.Hosting.Streams;
using Vibe.Streams.Kafka;
using RedisConnectionException = StackExchange.Redis.RedisConnectionException;

namespace Vibe.Hosting;

/// <summary>
/// The hosting shared by the Vibe processes (the Silo and WebFront): logging through Serilog, the listen URLs, the data directory,
/// the Orleans silo — alone with SQLite in the data directory, or a member of the cluster that Vibe:Cluster names — the
/// health probes' services, and a startup that reports every problem in one line and exits with a meaningful code.
/// </summary>
public sealed class VibeHost : IDisposable
{
    /// <summary>The Orleans service id when Vibe:Silo:ServiceId is unset; it also prefixes workspace container names.</summary>
    public const string DefaultServiceId = "vibe";

    /// <summary>The exit code of a process that could not start.</summary>
    public const int CannotStartExitCode = 1;

    /// <summary>The exit code of a cluster member that stopped because the cluster declared it dead (see <see cref="DeclaredDeadExit"/>).</summary>
    public const int DeclaredDeadExitCode = 2;

    private readonly bool _servesBrowserApp;

    private readonly string? _loggingProblem;

    private VibeHost(string urls, ClusterConfiguration cluster, DataDirectory dataDirectory, bool servesBrowserApp, string? loggingProblem)
    {
        _servesBrowserApp = servesBrowserApp;
        _loggingProblem = loggingProblem;
        Urls = urls;
        Cluster = cluster;
        DataDirectory = dataDirectory;
    }

    /// <summary>The URLs HTTP is served on, ';'-separated, as configured (port 0 is resolved only once started).</summary>
    public string Urls { get; }

    /// <summary>Whether and how this process joins a cluster.</summary>
    public ClusterConfiguration Cluster { get; }

    /// <summary>The data directory: the SQLite database of the standalone silo, and the workspaces' files.</summary>
    public DataDirectory DataDirectory { get; }

    /// <summary>
    /// Configures <paramref name="builder"/>: logging (<see cref="VibeLogging"/>), URLs, the Orleans silo with its membership, grain storage, reminders,
    /// the "default" stream provider and the grains, and the services behind <see cref="HealthApi"/>. A silo with no role hosts
    /// workspaces (folders under DATA/workspaces, containers on the local Docker engine); a "web" silo hosts none of Vibe's
    /// grains and only places them on the others (see <see cref="GrainSiloPlacementFilterAttribute"/>).
    /// </summary>
    /// <param name="builder">The process's builder.</param>
    /// <param name="defaultRole">The cluster role when Vibe:Cluster:Role is unset ("" hosts the grains, "web" none of them).</param>
    /// <param name="servesBrowserApp">Whether the process serves the browser app: its startup line then says to open the URL.</param>
    public static VibeHost Configure(WebApplicationBuilder builder, string defaultRole = "", bool servesBrowserApp = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var loggingProblem = builder.AddVibeLogging();

        var vibe = builder.Configuration.GetSection(VibeOptions.SectionName).Get<VibeOptions>() ?? new VibeOptions();
        var urls = vibe.ResolveUrls(builder.Configuration[WebHostDefaults.ServerUrlsKey]);
        builder.WebHost.UseUrls(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        var cluster = ClusterConfiguration.Resolve(builder.Configuration, defaultRole);
        var dataDirectory = DataDirectory.Resolve(vibe.DataDirectory);
        var serviceId = builder.Configuration["Vibe:Silo:ServiceId"] is { Length: > 0 } configuredServiceId ? configuredServiceId : DefaultServiceId;
        var services = builder.Services;
        services.BindOrleansOptions(builder.Configuration);
        if (cluster.Problem is null)
        {
            builder.UseOrleans(silo => ConfigureSilo(silo, builder.Configuration, cluster, dataDirectory, serviceId));
        }

        services.AddSingleton(cluster);
        services.AddSingleton(dataDirectory);
        services.AddSingleton(VibeStreams.Resolve(builder.Configuration));
        if (cluster.IsEnabled)
        {
            services.AddSingleton<ActiveSiloCounter>();
        }

        services.AddSingleton<SiloReadiness>();
        services.AddSingleton<ActivationCounter>();
        services.AddProblemDetails();
        services.AddExceptionHandler<TransientClusterFailureHandler>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, HealthJsonContext.Default));
        return new VibeHost(urls, cluster, dataDirectory, servesBrowserApp, loggingProblem);
    }

    /// <summary>
    /// The silo: named and reachable as <paramref name="cluster"/> says, its grain state, reminders and stream subscriptions
    /// in SQLite (alone) or PostgreSQL (in a cluster), the "default" streams (on Kafka when configured, see <see cref="VibeStreams"/>;
    /// else in memory), and the grains its role hosts.
    /// </summary>
    private static void ConfigureSilo(ISiloBuilder silo, IConfiguration configuration, ClusterConfiguration cluster, DataDirectory dataDirectory, string serviceId)
    {
        cluster.ConfigureSilo(silo, serviceId, static (silo, connectionString) => silo.UseVibeAdoNetClustering(connectionString));
        silo.Services.Replace(ServiceDescriptor.Singleton<IFatalErrorHandler, DeclaredDeadExit>());

        // Orleans' dashboard on every silo (its statistics are per silo); WebFront serves it to admins at /admin/cluster.
        silo.AddDashboard();
        silo.AddVibeStorage(StorageSettings(cluster, dataDirectory));

        if (!VibeStreams.Resolve(configuration).TryAddDurable(silo))
        {
            silo.AddMemoryStreams(WorkspaceStreams.Provider, streams =>
            {
                // Vibe:Streams:Memory, bound and validated with the other options before the silo starts.
                streams.Configure<HashRingStreamQueueMapperOptions>(queues => queues.Configure<IOptions<MemoryStreamOptions>>((o, memory) => o.TotalQueueCount = memory.Value.Queues));
                streams.ConfigurePullingAgent(agent => agent.Configure<IOptions<MemoryStreamOptions>>((o, memory) => o.GetQueueMsgsTimerPeriod = memory.Value.PullingPeriod));
            });
        }

        if (cluster.IsEnabled && cluster.Role == SiloRoles.Web)
        {
            silo.AddVibeGrains(SiloRoles.Web);
        }
        else
        {
            // Workspaces: one host directory each under the data directory, containers on the local Docker socket.
            silo.AddWorkspaces(o =>
            {
                o.Root = Path.Combine(dataDirectory.Path, "workspaces");
                configuration.GetSection("Vibe:Workspaces").Bind(o);
                o.LogsOnStream = VibeStreams.Resolve(configuration).IsDurable; // follows the streams, as the web silos do
            });

            // Templates the configuration adds (Vibe:Templates:<id>:DockerfilePath), built on first use like the built-in ones.
            silo.Services.Configure<ContainerRuntimeOptions>(o =>
            {
                configuration.GetSection("Vibe:Workspaces:Network").Bind(o.Network);
                o.LogMaxSizeBytes = configuration.GetValue("Vibe:Workspaces:LogMaxSizeBytes", o.LogMaxSizeBytes);
                o.LogMaxFiles = configuration.GetValue("Vibe:Workspaces:LogMaxFiles", o.LogMaxFiles);
                foreach (var template in configuration.GetSection("Vibe:Templates").GetChildren())
                {
                    if (template["DockerfilePath"] is { Length: > 0 } dockerfile)
                    {
                        o.TemplateDockerfiles[template.Key] = File.ReadAllText(dockerfile);
                    }
                }
            });
        }
    }

    /// <summary>
    /// A workspace silo runs workspaces as a uid no host user or group has, on a mount with nosuid,nodev (added here when the
    /// process is root, and removed when the app stops). Returns the problem as a sentence, or null.
    /// </summary>
    private static string? CheckWorkspaceHost(WebApplication app, ILogger logger)
    {
        var options = app.Services.GetRequiredService<IOptions<WorkspaceOptions>>().Value;
        if (WorkspaceHostChecks.FindIdInUse(options.UserId) is { } idProblem)
        {
            return idProblem;
        }

        if (options.AllowSuidMount)
        {
            HostLog.SuidMountAllowed(logger);
            return null;
        }

        if (WorkspaceHostChecks.EnsureNoSuidMount(options.Root, out var mounted) is { } mountProblem)
        {
            return mountProblem;
        }

        if (mounted)
        {
            app.Lifetime.ApplicationStopped.Register(() => WorkspaceHostChecks.Unmount(options.Root));
        }

        return null;
    }

    /// <summary>Where grain state and reminders live: the cluster's PostgreSQL database, or SQLite in the data directory.</summary>
    private static VibeStorageSettings StorageSettings(ClusterConfiguration cluster, DataDirectory dataDirectory) => cluster.IsEnabled
        ? new VibeStorageSettings(VibeStorageSettings.Npgsql, cluster.Settings.ConnectionString!)
        : new VibeStorageSettings(VibeStorageSettings.Sqlite, dataDirectory.ConnectionString);

    /// <summary>
    /// Checks the configuration, opens the data directory, starts <paramref name="app"/>, prints the line saying where
    /// Vibe runs and waits until it stops. Returns the process's exit code: 0 when stopped by a signal,
    /// <see cref="CannotStartExitCode"/> when it could not start (the reason logged in one line). A silo the cluster
    /// declares dead does not return: <see cref="DeclaredDeadExit"/> ends the process with <see cref="DeclaredDeadExitCode"/>.
    /// </summary>
    /// <param name="app">The built application.</param>
    /// <param name="checks">Further checks run before starting; each returns the problem as a sentence, or null.</param>
    public async Task<int> RunAsync(WebApplication app, params Func<IServiceProvider, string?>[] checks)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Vibe");
        var readiness = app.Services.GetRequiredService<SiloReadiness>();
        _ = app.Services.GetRequiredService<ActivationCounter>(); // listens from before the first activation

        if (_loggingProblem is not null)
        {
            HostLog.CannotStart(logger, _loggingProblem);
            return CannotStartExitCode;
        }

        if (Cluster.Problem is { } clusterProblem)
        {
            HostLog.CannotStart(logger, $"{clusterProblem} See docs/cluster.md.");
            return CannotStartExitCode;
        }

        // A cluster member keeps everything in PostgreSQL, so several of them can share a machine and a current directory.
        if (!Cluster.IsEnabled && !DataDirectory.TryOpen(out var problem))
        {
            HostLog.CannotStart(logger, problem);
            return CannotStartExitCode;
        }

        foreach (var change in DataDirectory.TightenedModes)
        {
            HostLog.TightenedMode(logger, change);
        }

        // Let go of the data directory as soon as the app has stopped, not when the program ends a moment later, so that the
        // next app on this directory (a restart within the same process, as in tests) can open it at once.
        app.Lifetime.ApplicationStopped.Register(DataDirectory.Dispose);

        if (InvalidOptions(app.Services) is { } invalid)
        {
            HostLog.CannotStart(logger, $"invalid configuration: {invalid} See docs/configuration.md.");
            return CannotStartExitCode;
        }

        foreach (var check in checks)
        {
            if (check(app.Services) is { } failed)
            {
                HostLog.CannotStart(logger, failed);
                return CannotStartExitCode;
            }
        }

        // Workspaces get network access only behind the firewall that keeps them from the host, the LAN and each other.
        if (app.Services.GetService<WorkspaceFirewall>() is { } firewall && await firewall.EnsureAsync(app.Lifetime.ApplicationStopping) is { } firewallProblem)
        {
            HostLog.CannotStart(logger, firewallProblem);
            return CannotStartExitCode;
        }

        if (app.Services.GetService<WorkspaceFirewall>() is not null && CheckWorkspaceHost(app, logger) is { } hostProblem)
        {
            HostLog.CannotStart(logger, hostProblem);
            return CannotStartExitCode;
        }

        if (Cluster.IsEnabled)
        {
            HostLog.StartingInCluster(logger, Cluster.ClusterId, Cluster.MembershipDescription, Cluster.Database, Cluster.SiloEndpoint.ToString(),
                Cluster.AdvertisedAddress?.ToString() ?? Cluster.SiloEndpoint.Address.ToString(), Cluster.Settings.Role, Urls);
        }
        else
        {
            HostLog.Starting(logger, DataDirectory.Path, Urls);
        }

        try
        {
            // The silo reads membership, reminders and grain state from its first moment: the schema comes first.
            await VibeSchema.EnsureAsync(StorageSettings(Cluster, DataDirectory), logger, app.Lifetime.ApplicationStopping);
            await app.StartAsync();
        }
        catch (Exception startFailed) when (DescribeStartFailure(startFailed) is { } startProblem)
        {
            HostLog.CannotStart(logger, startProblem);
            return CannotStartExitCode;
        }

        readiness.MarkStarted();
        app.Lifetime.ApplicationStopping.Register(readiness.MarkStopping);
        var local = app.Services.GetRequiredService<ILocalSiloDetails>();
        Console.WriteLine(Cluster.IsEnabled
            ? $"Vibe is running at {string.Join(", ", app.Urls)} (silo {local.SiloAddress}, cluster \"{Cluster.ClusterId}\")"
            : $"Vibe is running at {string.Join(", ", app.Urls)} (data: {DataDirectory.Path})");
        if (_servesBrowserApp && app.Urls.FirstOrDefault() is { } url)
        {
            Console.WriteLine($"Open {url} in a browser.");
        }

        await app.WaitForShutdownAsync();
        HostLog.Stopped(logger);
        return 0;
    }

    /// <summary>The one-line reason a failed start gives a person, or null when it is not one Vibe knows how to explain.</summary>
    private string? DescribeStartFailure(Exception startFailed)
    {
        for (Exception? cause = startFailed; cause is not null; cause = cause.InnerException)
        {
            switch (cause)
            {
                case IOException { InnerException: AddressInUseException }:
                    return $"{cause.Message} Stop the process using it, or choose another address with --urls or Vibe:Urls.";
                case SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse or SocketError.AddressNotAvailable or SocketError.AccessDenied } socket:
                    return $"the silo port {Cluster.SiloEndpoint} cannot be opened: {socket.Message}. Stop the process using it, or choose another with Vibe:Cluster:SiloPort and Vibe:Cluster:ListenAddress.";
                case NpgsqlException database when Cluster.IsEnabled:
                    return $"the cluster's PostgreSQL database {Cluster.Database} cannot be used: {database.Message.TrimEnd('.')}. Check Vibe:Cluster:ConnectionString and that the server runs.";
                case SqliteException sqlite when !Cluster.IsEnabled:
                    return $"the database {DataDirectory.ConnectionString} cannot be used: {sqlite.Message.TrimEnd('.')}. Check that the data directory (Vibe:DataDirectory) is writable and vibe.db is a SQLite database.";
                case RedisConnectionException redis when Cluster.IsEnabled:
                    return $"the cluster's membership store ({Cluster.MembershipDescription}) cannot be reached: {redis.Message.TrimEnd('.')}. Check Vibe:Cluster:Redis and that the server runs.";
                case VibeStartupException vibe:
                    return vibe.Message;
                case KafkaStreamStartupException kafka:
                    return $"the stream provider cannot start: {kafka.Message} See docs/streams.md.";
                case OptionsValidationException invalid:
                    return $"invalid configuration: {string.Join(" ", invalid.Failures)} See docs/configuration.md.";
                case OrleansConfigurationException invalid:
                    return $"invalid configuration: {invalid.Message} See docs/configuration.md.";
                default:
                    break;
            }
        }

        return null;
    }

    /// <summary>
    /// Binds and validates now every option registered with <c>ValidateOnStart</c> (the one way Vibe validates its options), so
    /// a bad value is reported in one line before anything starts; the failures in one sentence, or null if all are valid.
    /// </summary>
    private static string? InvalidOptions(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return null;
        }
        catch (OptionsValidationException invalid)
        {
            return string.Join(" ", invalid.Failures);
        }
        catch (AggregateException invalid) when (invalid.InnerExceptions.All(e => e is OptionsValidationException))
        {
            return string.Join(" ", invalid.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures));
        }
        catch (InvalidOperationException unconvertible) when (unconvertible.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            return unconvertible.Message;
        }
    }

    public void Dispose() => DataDirectory.Dispose();
}
