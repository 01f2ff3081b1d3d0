using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Vibe.Hosting.Clustering;

namespace Vibe.Hosting;

/// <summary>Binds Orleans' options to the Vibe:* configuration sections, so every setting has a Vibe name (docs/configuration.md).</summary>
internal static class OrleansOptionsConfiguration
{
    /// <summary>
    /// Binds Vibe:Silo (SiloName), Vibe:Messaging (call timeouts), Vibe:GrainCollection, Vibe:Reminders, Vibe:Streams:Memory and
    /// Vibe:Cluster:FailureDetection; Orleans' defaults stand for everything not set. They are validated before the silo starts.
    /// </summary>
    public static IServiceCollection BindOrleansOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SiloOptions>().Bind(configuration.GetSection("Vibe:Silo"));
        services.AddOptions<SiloMessagingOptions>()
            .Bind(configuration.GetSection("Vibe:Messaging"))
            .Validate(o => o.ResponseTimeout > TimeSpan.Zero, "Vibe:Messaging:ResponseTimeout must be positive.");
        services.AddOptions<GrainCollectionOptions>()
            .Bind(configuration.GetSection("Vibe:GrainCollection"))
            .Validate(o => o.CollectionAge > TimeSpan.Zero && o.DeactivationTimeout > TimeSpan.Zero, "Vibe:GrainCollection:CollectionAge and DeactivationTimeout must be positive.");
        services.AddOptions<ReminderOptions>()
            .Bind(configuration.GetSection("Vibe:Reminders"))
            .Validate(o => o.MinimumReminderPeriod > TimeSpan.Zero, "Vibe:Reminders:MinimumReminderPeriod must be positive.");
        services.AddOptions<MemoryStreamOptions>()
            .Bind(configuration.GetSection(MemoryStreamOptions.SectionName))
            .Validate(o => o.PullingPeriod > TimeSpan.Zero, $"{MemoryStreamOptions.SectionName}:PullingPeriod must be positive.")
            .Validate(o => o.Queues > 0, $"{MemoryStreamOptions.SectionName}:Queues must be positive.");
        services.AddOptions<ClusterMembershipOptions>().Bind(configuration.GetSection(ClusterSettings.FailureDetectionSectionName));
        services.AddSingleton<IValidateOptions<ClusterMembershipOptions>, ClusterMembershipOptionsValidator>();
        return services;
    }

    /// <summary>Binds and validates every option now, so a bad value is reported in one line before anything starts; null if all are valid.</summary>
    public static string? Validate(IServiceProvider services)
    {
        try
        {
            _ = services.GetRequiredService<IOptions<SiloOptions>>().Value;
            _ = services.GetRequiredService<IOptions<SiloMessagingOptions>>().Value;
            _ = services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value;
            _ = services.GetRequiredService<IOptions<ReminderOptions>>().Value;
            _ = services.GetRequiredService<IOptions<MemoryStreamOptions>>().Value;
            _ = services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
            return null;
        }
        catch (OptionsValidationException invalid)
        {
            return string.Join(" ", invalid.Failures);
        }
        catch (InvalidOperationException unconvertible) when (unconvertible.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            return unconvertible.Message;
        }
    }
}
