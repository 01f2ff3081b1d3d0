using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Npgsql;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Vibe.Hosting.Clustering;

/// <summary>
/// What <see cref="ClusterSettings"/> resolve to: a standalone silo, a cluster member with checked settings, or the problem
/// that stops the process at startup. Resolving never throws; the process reports <see cref="Problem"/> in one line.
/// </summary>
public sealed class ClusterConfiguration
{
    private const string Example = "Host=127.0.0.1;Port=5432;Database=vibe;Username=vibe;Password=...";

    private ClusterConfiguration(ClusterSettings settings, bool isEnabled, string? problem)
    {
        Settings = settings;
        IsEnabled = isEnabled;
        Problem = problem;
    }

    public ClusterSettings Settings { get; }

    /// <summary>Whether this process joins a cluster (false: a lone silo with everything in the data directory).</summary>
    public bool IsEnabled { get; }

    /// <summary>Why the settings cannot work, as a sentence a person can act on; null when they can.</summary>
    public string? Problem { get; }

    public string ClusterId => Settings.ClusterId;

    /// <summary>Where the membership table lives (meaningful in a cluster).</summary>
    public MembershipStore Membership { get; private init; }

    /// <summary>Where the silo port listens; a configured port 0 is already resolved to a free one.</summary>
    public IPEndPoint SiloEndpoint { get; private init; } = new(IPAddress.Loopback, ClusterSettings.DefaultSiloPort);

    /// <summary>The address other silos are told to use, when it is not the listen address.</summary>
    public IPAddress? AdvertisedAddress { get; private init; }

    /// <summary>The database as host:port/name, for logs (the connection string may hold a password).</summary>
    public string Database { get; private init; } = "";

    /// <summary>The membership store for logs: the Redis endpoints, or "PostgreSQL" (the connection strings may hold passwords).</summary>
    public string MembershipDescription => Membership == MembershipStore.Redis ? $"Redis {RedisEndpoints}" : $"PostgreSQL {Database}";

    /// <summary>The silo's role: "" (hosts grains) or "web".</summary>
    public string Role => Settings.Role;

    private string RedisEndpoints { get; init; } = "";

    /// <summary>The certificate of Vibe:Cluster:Tls, when set: silo and gateway connections use TLS with it.</summary>
    public X509Certificate2? TlsCertificate { get; private init; }

    /// <summary>Reads and checks the "Vibe:Cluster" section.</summary>
    /// <param name="configuration">The process's configuration.</param>
    /// <param name="defaultRole">The role when Vibe:Cluster:Role is unset: "" for the Silo, "web" for WebFront.</param>
    public static ClusterConfiguration Resolve(IConfiguration configuration, string defaultRole = "")
    {
        var settings = new ClusterSettings { Role = defaultRole };
        try
        {
            configuration.GetSection(ClusterSettings.SectionName).Bind(settings);
        }
        catch (InvalidOperationException unconvertible)
        {
            return Invalid(new ClusterSettings { Role = defaultRole }, $"invalid configuration: {unconvertible.Message}");
        }

        if ((settings.SiloPort ?? 0) is < IPEndPoint.MinPort or > IPEndPoint.MaxPort)
        {
            return Invalid(settings, string.Create(CultureInfo.InvariantCulture,
                $"Vibe:Cluster:SiloPort is {settings.SiloPort}; use a port from 1 to 65535, or 0 for any free port (default {ClusterSettings.DefaultSiloPort} in a cluster, 0 alone)."));
        }

        if (settings.GatewayPort is < IPEndPoint.MinPort or > IPEndPoint.MaxPort)
        {
            return Invalid(settings, string.Create(CultureInfo.InvariantCulture,
                $"Vibe:Cluster:GatewayPort is {settings.GatewayPort}; use a port from 1 to 65535, or 0 for no gateway (the default)."));
        }

        if (!IPAddress.TryParse(settings.ListenAddress, out var listen))
        {
            return Invalid(settings, $"Vibe:Cluster:ListenAddress '{settings.ListenAddress}' is not an IP address; use e.g. 127.0.0.1 (this machine only), 10.0.0.5, or 0.0.0.0 (every interface).");
        }

        var enabled = settings.Enabled ?? !string.IsNullOrWhiteSpace(settings.ConnectionString);
        if (!enabled)
        {
            // Alone: nobody needs to find the silo, so any free port will do unless one is configured.
            return new ClusterConfiguration(settings, isEnabled: false, problem: null)
            {
                SiloEndpoint = new IPEndPoint(listen, PortOrFree(settings.SiloPort ?? 0, listen)),
            };
        }

        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            return Invalid(settings,
                "Vibe:Cluster:Enabled is true but Vibe:Cluster:ConnectionString is empty: a cluster keeps its grain state and reminders "
                + $"in PostgreSQL. Set Vibe__Cluster__ConnectionString to the database, e.g. \"{Example}\".");
        }

        NpgsqlConnectionStringBuilder database;
        try
        {
            database = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        }
        catch (ArgumentException unparsable)
        {
            return Invalid(settings, $"Vibe:Cluster:ConnectionString is not an Npgsql connection string ({unparsable.Message}); expected e.g. \"{Example}\".");
        }

        if (string.IsNullOrWhiteSpace(database.Host))
        {
            return Invalid(settings, $"Vibe:Cluster:ConnectionString names no Host; expected e.g. \"{Example}\".");
        }

        if (settings.Role is not ("" or Grains.Placement.SiloRoles.Web))
        {
            return Invalid(settings, $"Vibe:Cluster:Role is '{settings.Role}'; use \"\" (the default of the Silo: hosts the grains) or \"web\" (the default of WebFront: hosts none of them).");
        }

        if (string.IsNullOrWhiteSpace(settings.ClusterId))
        {
            return Invalid(settings, "Vibe:Cluster:ClusterId is empty; silos with the same cluster id and membership store form one cluster (default \"vibe\").");
        }

        var (membership, membershipProblem) = ResolveMembership(settings);
        if (membershipProblem is not null)
        {
            return Invalid(settings, membershipProblem);
        }

        var redisEndpoints = "";
        if (membership == MembershipStore.Redis)
        {
            try
            {
                var redis = ConfigurationOptions.Parse(settings.Redis!);
                redisEndpoints = string.Join(",", redis.EndPoints.Select(static endpoint => endpoint.ToString()));
            }
            catch (ArgumentException unparsable)
            {
                return Invalid(settings, $"Vibe:Cluster:Redis is not a Redis configuration string ({unparsable.Message}); expected e.g. \"127.0.0.1:6379\".");
            }
        }

        IPAddress? advertised = null;
        if (!string.IsNullOrWhiteSpace(settings.AdvertisedAddress))
        {
            if (!IPAddress.TryParse(settings.AdvertisedAddress, out advertised) || IsUnspecified(advertised))
            {
                return Invalid(settings, $"Vibe:Cluster:AdvertisedAddress '{settings.AdvertisedAddress}' is not an address other silos can connect to; give this machine's IP address on the cluster network, e.g. 10.0.0.5.");
            }
        }
        else if (IsUnspecified(listen))
        {
            return Invalid(settings, $"Vibe:Cluster:ListenAddress is {listen} (every interface), so other silos need to be told where to connect: set Vibe:Cluster:AdvertisedAddress to this machine's IP address on the cluster network.");
        }

        X509Certificate2? certificate = null;
        if (settings.Tls.IsSet)
        {
            (certificate, var tlsProblem) = settings.Tls.Load();
            if (tlsProblem is not null)
            {
                return Invalid(settings, tlsProblem);
            }
        }

        return new ClusterConfiguration(settings, isEnabled: true, problem: null)
        {
            TlsCertificate = certificate,
            Membership = membership,
            SiloEndpoint = new IPEndPoint(listen, PortOrFree(settings.SiloPort ?? ClusterSettings.DefaultSiloPort, listen)),
            AdvertisedAddress = advertised,
            Database = string.Create(CultureInfo.InvariantCulture, $"{database.Host}:{database.Port}/{database.Database ?? database.Username ?? Environment.UserName}"),
            RedisEndpoints = redisEndpoints,
        };
    }

    /// <summary>
    /// Names the cluster and sets the silo's endpoints; a cluster member also gets its membership table (Redis here; the
    /// PostgreSQL table through <paramref name="usePostgresMembership"/>, which the storage setup provides).
    /// </summary>
    public void ConfigureSilo(ISiloBuilder silo, string serviceId, Action<ISiloBuilder, string> usePostgresMembership)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(usePostgresMembership);
        var port = SiloEndpoint.Port;
        var gatewayPort = Settings.GatewayPort;
        silo.Configure<EndpointOptions>(endpoints =>
        {
            endpoints.AdvertisedIPAddress = AdvertisedAddress ?? SiloEndpoint.Address;
            endpoints.SiloPort = port;
            endpoints.GatewayPort = gatewayPort;
            endpoints.SiloListeningEndpoint = SiloEndpoint;
            endpoints.GatewayListeningEndpoint = gatewayPort == 0 ? null : new IPEndPoint(SiloEndpoint.Address, gatewayPort);
        });

        if (!IsEnabled)
        {
            // Alone: the development membership Orleans offers, with this silo as its own primary.
            silo.UseDevelopmentClustering(new IPEndPoint(AdvertisedAddress ?? SiloEndpoint.Address, port));
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = Settings.ClusterId;
                cluster.ServiceId = serviceId;
            });
            return;
        }

        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = Settings.ClusterId;
            cluster.ServiceId = serviceId;
        });
        if (TlsCertificate is { } certificate)
        {
            silo.UseTls(certificate, tls => ClusterTlsSettings.Configure(tls, certificate));
        }

        if (Membership == MembershipStore.Redis)
        {
            var redis = Settings.Redis!;
            silo.UseRedisClustering(options => options.ConfigurationOptions = ConfigurationOptions.Parse(redis));
        }
        else
        {
            usePostgresMembership(silo, Settings.ConnectionString!);
        }
    }

    private static (MembershipStore Membership, string? Problem) ResolveMembership(ClusterSettings settings)
    {
        var hasRedis = !string.IsNullOrWhiteSpace(settings.Redis);
        if (string.IsNullOrWhiteSpace(settings.Membership))
        {
            return (hasRedis ? MembershipStore.Redis : MembershipStore.PostgreSQL, null);
        }

        if (!Enum.TryParse<MembershipStore>(settings.Membership, ignoreCase: true, out var membership) || !Enum.IsDefined(membership))
        {
            return (default, $"Vibe:Cluster:Membership is '{settings.Membership}'; use Redis (with Vibe:Cluster:Redis) or PostgreSQL (the cluster's database).");
        }

        return membership == MembershipStore.Redis && !hasRedis
            ? (membership, "Vibe:Cluster:Membership is Redis but Vibe:Cluster:Redis is empty: set it to the Redis server, e.g. \"127.0.0.1:6379\", or use PostgreSQL membership.")
            : (membership, null);
    }

    private static int PortOrFree(int port, IPAddress listen) => port == 0 ? FreePort.On(listen) : port;

    private static bool IsUnspecified(IPAddress address) =>
        address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || (address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6 && address.MapToIPv4().Equals(IPAddress.Any));

    private static ClusterConfiguration Invalid(ClusterSettings settings, string problem) => new(settings, isEnabled: false, problem);
}
