using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Vibe.Actors.Hosting;

namespace Vibe.Hosting.Clustering;

/// <summary>
/// What <see cref="ClusterSettings"/> resolve to: a standalone silo, a cluster member with checked settings, or the
/// problem that stops the Silo at startup. Resolving never throws; the Silo reports <see cref="Problem"/> in one line.
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

    /// <summary>Whether this Silo joins a cluster (false: standalone, on SQLite in the data directory).</summary>
    public bool IsEnabled { get; }

    /// <summary>Why the settings cannot work, as a sentence a person can act on; null when they can.</summary>
    public string? Problem { get; }

    public string ClusterId => Settings.ClusterId;

    /// <summary>Where the silo port listens.</summary>
    public IPEndPoint SiloEndpoint { get; private init; } = new(IPAddress.Loopback, ClusterSettings.DefaultSiloPort);

    /// <summary>The address other silos are told to use, when it is not the listen address.</summary>
    public IPAddress? AdvertisedAddress { get; private init; }

    /// <summary>The database as host:port/name, for logs (the connection string may hold a password).</summary>
    public string Database { get; private init; } = "";

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

        var enabled = settings.Enabled ?? !string.IsNullOrWhiteSpace(settings.ConnectionString);
        if (!enabled)
        {
            return new ClusterConfiguration(settings, isEnabled: false, problem: null);
        }

        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            return Invalid(settings,
                "Vibe:Cluster:Enabled is true but Vibe:Cluster:ConnectionString is empty: a cluster keeps its membership, grain state "
                + $"and reminders in PostgreSQL. Set Vibe__Cluster__ConnectionString to the database, e.g. \"{Example}\".");
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

        if (string.IsNullOrWhiteSpace(settings.ClusterId))
        {
            return Invalid(settings, "Vibe:Cluster:ClusterId is empty; silos with the same cluster id and database form one cluster (default \"vibe\").");
        }

        if (settings.SiloPort is < IPEndPoint.MinPort or > IPEndPoint.MaxPort)
        {
            return Invalid(settings, string.Create(CultureInfo.InvariantCulture,
                $"Vibe:Cluster:SiloPort is {settings.SiloPort}; use a port from 1 to 65535, or 0 for any free port (default {ClusterSettings.DefaultSiloPort})."));
        }

        if (!IPAddress.TryParse(settings.ListenAddress, out var listen))
        {
            return Invalid(settings, $"Vibe:Cluster:ListenAddress '{settings.ListenAddress}' is not an IP address; use e.g. 127.0.0.1 (this machine only), 10.0.0.5, or 0.0.0.0 (every interface).");
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

        return new ClusterConfiguration(settings, isEnabled: true, problem: null)
        {
            SiloEndpoint = new IPEndPoint(listen, settings.SiloPort),
            AdvertisedAddress = advertised,
            Database = string.Create(CultureInfo.InvariantCulture, $"{database.Host}:{database.Port}/{database.Database ?? database.Username ?? Environment.UserName}"),
        };
    }

    /// <summary>Makes the silo a member of the cluster, with membership, grain state and reminders in PostgreSQL.</summary>
    public SiloBuilder ConfigureSilo(SiloBuilder silo)
    {
        var connectionString = Settings.ConnectionString!;
        return silo
            .UseCluster(cluster =>
            {
                cluster.ClusterId = Settings.ClusterId;
                cluster.SiloEndpoint = SiloEndpoint;
                cluster.AdvertisedAddress = AdvertisedAddress;
                cluster.Role = Settings.Role;
            })
            .UsePostgresMembership(connectionString)
            .AddPostgresGrainStorage(connectionString)
            .UsePostgresReminders(connectionString);
    }

    private static bool IsUnspecified(IPAddress address) =>
        address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || (address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6 && address.MapToIPv4().Equals(IPAddress.Any));

    private static ClusterConfiguration Invalid(ClusterSettings settings, string problem) => new(settings, isEnabled: false, problem);
}
