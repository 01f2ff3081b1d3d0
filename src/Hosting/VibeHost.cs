using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Vibe.Actors.Hosting;
using Vibe.Grains;
using Vibe.Hosting.Clustering;
using Vibe.Hosting.Health;

namespace Vibe.Hosting;

/// <summary>
/// The hosting shared by the Vibe processes (the Silo and WebFront): console logging, the listen URLs, the data directory,
/// the silo — standalone on SQLite in the data directory, or a member of the cluster that Vibe:Cluster names — the health
/// probes' services, and a startup that reports every problem in one line and exits with a meaningful code.
/// </summary>
public sealed class VibeHost : IDisposable
{
    /// <summary>The exit code of a process that could not start.</summary>
    public const int CannotStartExitCode = 1;

    /// <summary>The exit code of a cluster member that stopped because the cluster declared it dead.</summary>
    public const int DeclaredDeadExitCode = 2;

    private readonly bool _servesBrowserApp;

    private VibeHost(string urls, ClusterConfiguration cluster, DataDirectory dataDirectory, bool servesBrowserApp)
    {
        _servesBrowserApp = servesBrowserApp;
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
    /// Configures <paramref name="builder"/>: logging, URLs, the silo with its storage, reminders, the "default" stream
    /// provider and the grains, and the services behind <see cref="HealthApi"/>. A silo with no role hosts workspaces
    /// (folders under DATA/workspaces, containers on the local Docker engine); a silo with a role only knows the grain
    /// classes, so that it places them on the general silos.
    /// </summary>
    /// <param name="builder">The process's builder.</param>
    /// <param name="defaultRole">The cluster role when Vibe:Cluster:Role is unset ("" hosts any grain).</param>
    /// <param name="servesBrowserApp">Whether the process serves the browser app: its startup line then says to open the URL.</param>
    public static VibeHost Configure(WebApplicationBuilder builder, string defaultRole = "", bool servesBrowserApp = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
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

        var cluster = ClusterConfiguration.Resolve(builder.Configuration, defaultRole);
        var dataDirectory = DataDirectory.Resolve(vibe.DataDirectory);
        var services = builder.Services;
        if (cluster.IsEnabled)
        {
            services.BindClusterMembershipOptions(builder.Configuration);
        }

        services.AddSilo(silo =>
        {
            if (cluster.IsEnabled)
            {
                cluster.ConfigureSilo(silo);
            }
            else
            {
                silo.AddSqliteGrainStorage(dataDirectory.ConnectionString).UseSqliteReminders(dataDirectory.ConnectionString);
            }

            silo.AddInClusterStreams("default");
            if (!cluster.IsEnabled || cluster.Settings.Role.Length == 0)
            {
                // Workspaces: one host directory each under the data directory, containers on the local Docker socket.
                silo.AddWorkspaces(o =>
                {
                    o.Root = Path.Combine(dataDirectory.Path, "workspaces");
                    builder.Configuration.GetSection("Vibe:Workspaces").Bind(o);
                });
            }
            else
            {
                silo.AddVibeGrains();
            }
        });
        services.BindActorOptions(builder.Configuration);
        services.AddSingleton(cluster);
        services.AddSingleton(dataDirectory);
        if (cluster.IsEnabled)
        {
            services.AddSingleton<ActiveSiloCounter>();
        }

        services.AddSingleton<SiloReadiness>();
        services.AddSingleton<ActivationCounter>();
        services.AddProblemDetails();
        services.AddExceptionHandler<TransientClusterFailureHandler>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, HealthJsonContext.Default));
        return new VibeHost(urls, cluster, dataDirectory, servesBrowserApp);
    }

    /// <summary>
    /// Checks the configuration, opens the data directory, starts <paramref name="app"/>, prints the line saying where
    /// Vibe runs and waits until it stops. Returns the process's exit code: 0 when stopped by a signal,
    /// <see cref="CannotStartExitCode"/> when it could not start (the reason logged in one line),
    /// <see cref="DeclaredDeadExitCode"/> when the cluster declared this silo dead.
    /// </summary>
    /// <param name="app">The built application.</param>
    /// <param name="checks">Further checks run before starting; each returns the problem as a sentence, or null.</param>
    public async Task<int> RunAsync(WebApplication app, params Func<IServiceProvider, string?>[] checks)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Vibe");
        var readiness = app.Services.GetRequiredService<SiloReadiness>();
        _ = app.Services.GetRequiredService<ActivationCounter>(); // listens from before the first activation

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

        if (ActorOptionsConfiguration.Validate(app.Services) is { } invalid)
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

        if (Cluster.IsEnabled)
        {
            HostLog.StartingInCluster(logger, Cluster.ClusterId, Cluster.Database, Cluster.SiloEndpoint.ToString(),
                Cluster.AdvertisedAddress?.ToString() ?? Cluster.SiloEndpoint.Address.ToString(), Cluster.Settings.Role, Urls);
        }
        else
        {
            HostLog.Starting(logger, DataDirectory.Path, Urls);
        }

        using var signals = new ShutdownSignals();
        try
        {
            await app.StartAsync();
        }
        catch (IOException bindFailed) when (bindFailed.InnerException is AddressInUseException)
        {
            HostLog.CannotStart(logger, $"{bindFailed.Message} Stop the process using it, or choose another address with --urls or Vibe:Urls.");
            return CannotStartExitCode;
        }
        catch (SocketException siloBindFailed) when (Cluster.IsEnabled && siloBindFailed.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AddressNotAvailable or SocketError.AccessDenied)
        {
            HostLog.CannotStart(logger, $"the silo port {Cluster.SiloEndpoint} cannot be opened: {siloBindFailed.Message}. Stop the process using it, or choose another with Vibe:Cluster:SiloPort and Vibe:Cluster:ListenAddress.");
            return CannotStartExitCode;
        }
        catch (NpgsqlException databaseFailed) when (Cluster.IsEnabled)
        {
            HostLog.CannotStart(logger, $"the cluster's PostgreSQL database {Cluster.Database} cannot be used: {databaseFailed.Message.TrimEnd('.')}. Check Vibe:Cluster:ConnectionString and that the server runs.");
            return CannotStartExitCode;
        }
        catch (VibeStartupException startupFailed)
        {
            HostLog.CannotStart(logger, startupFailed.Message);
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
        if (Cluster.IsEnabled && !signals.Received)
        {
            // Only the runtime stops the host without a signal: the cluster declared this silo dead (it was unreachable).
            HostLog.DeclaredDead(logger, local.SiloAddress);
            return DeclaredDeadExitCode;
        }

        HostLog.Stopped(logger);
        return 0;
    }

    /// <summary>A check for <see cref="RunAsync"/>: binds and validates <typeparamref name="TOptions"/>, returning the failures in one sentence.</summary>
    public static Func<IServiceProvider, string?> ValidOptions<TOptions>()
        where TOptions : class => services =>
    {
        try
        {
            _ = services.GetRequiredService<IOptions<TOptions>>().Value;
            return null;
        }
        catch (OptionsValidationException invalid)
        {
            return $"invalid configuration: {string.Join(" ", invalid.Failures)} See docs/configuration.md.";
        }
        catch (InvalidOperationException unconvertible) when (unconvertible.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            return $"invalid configuration: {unconvertible.Message} See docs/configuration.md.";
        }
    };

    public void Dispose() => DataDirectory.Dispose();
}
