using Orleans.Configuration;
using Orleans.Hosting;
using Vibe.Hosting.Clustering;

namespace Vibe.Hosting;

/// <summary>Binds Orleans' options to the Vibe:* configuration sections, so every setting has a Vibe name (docs/configuration.md).</summary>
internal static class OrleansOptionsConfiguration
{
    private const string FailureDetection = ClusterSettings.FailureDetectionSectionName;

    /// <summary>
    /// Binds Vibe:Silo (SiloName), Vibe:Messaging (call timeouts), Vibe:GrainCollection, Vibe:Reminders, Vibe:Streams:Memory and
    /// Vibe:Cluster:FailureDetection; Orleans' defaults stand for everything not set. They are validated on start, as every
    /// Vibe option is (<see cref="VibeHost.RunAsync"/> does it before anything starts).
    /// </summary>
    public static IServiceCollection BindOrleansOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SiloOptions>().Bind(configuration.GetSection("Vibe:Silo"));
        services.AddOptions<SiloMessagingOptions>()
            .Bind(configuration.GetSection("Vibe:Messaging"))
            .Validate(o => o.ResponseTimeout > TimeSpan.Zero, "Vibe:Messaging:ResponseTimeout must be positive.")
            .ValidateOnStart();
        services.AddOptions<GrainCollectionOptions>()
            .Bind(configuration.GetSection("Vibe:GrainCollection"))
            .Validate(o => o.CollectionAge > TimeSpan.Zero && o.DeactivationTimeout > TimeSpan.Zero, "Vibe:GrainCollection:CollectionAge and DeactivationTimeout must be positive.")
            .ValidateOnStart();
        services.AddOptions<ReminderOptions>()
            .Bind(configuration.GetSection("Vibe:Reminders"))
            .Validate(o => o.MinimumReminderPeriod > TimeSpan.Zero, "Vibe:Reminders:MinimumReminderPeriod must be positive.")
            .ValidateOnStart();
        services.AddOptions<MemoryStreamOptions>()
            .Bind(configuration.GetSection(MemoryStreamOptions.SectionName))
            .Validate(o => o.PullingPeriod > TimeSpan.Zero, $"{MemoryStreamOptions.SectionName}:PullingPeriod must be positive.")
            .Validate(o => o.Queues > 0, $"{MemoryStreamOptions.SectionName}:Queues must be positive.")
            .ValidateOnStart();
        services.AddOptions<ClusterMembershipOptions>()
            .Bind(configuration.GetSection(FailureDetection))
            .Validate(o => o.ProbeTimeout > TimeSpan.Zero, $"{FailureDetection}:ProbeTimeout must be positive.")
            .Validate(o => o.NumMissedProbesLimit >= 1, $"{FailureDetection}:NumMissedProbesLimit must be at least 1.")
            .Validate(o => o.NumProbedSilos >= 1, $"{FailureDetection}:NumProbedSilos must be at least 1.")
            .Validate(o => o.NumVotesForDeathDeclaration >= 1, $"{FailureDetection}:NumVotesForDeathDeclaration must be at least 1.")
            .Validate(o => o.DeathVoteExpirationTimeout > TimeSpan.Zero, $"{FailureDetection}:DeathVoteExpirationTimeout must be positive.")
            .Validate(o => o.IAmAliveTablePublishTimeout > TimeSpan.Zero, $"{FailureDetection}:IAmAliveTablePublishTimeout must be positive.")
            .Validate(o => o.NumMissedTableIAmAliveLimit >= 1, $"{FailureDetection}:NumMissedTableIAmAliveLimit must be at least 1.")
            .Validate(o => o.TableRefreshTimeout > TimeSpan.Zero, $"{FailureDetection}:TableRefreshTimeout must be positive.")
            .Validate(o => o.DefunctSiloExpiration > TimeSpan.Zero, $"{FailureDetection}:DefunctSiloExpiration must be positive.")
            .ValidateOnStart();
        return services;
    }
}
