using Microsoft.Extensions.Options;
using Vibe.Actors.Hosting;
using Vibe.Hosting.Clustering;

namespace Vibe.Hosting;

/// <summary>Binds the actor runtime's options to the Vibe:* configuration sections.</summary>
internal static class ActorOptionsConfiguration
{
    /// <summary>Binds Vibe:Silo, Vibe:Messaging, Vibe:GrainCollection and Vibe:Reminders; they are validated when the host starts.</summary>
    public static IServiceCollection BindActorOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SiloOptions>()
            .Bind(configuration.GetSection("Vibe:Silo"))
            .Validate(o => !string.IsNullOrWhiteSpace(o.SiloName), "Vibe:Silo:SiloName must not be empty.")
            .ValidateOnStart();
        services.AddOptions<MessagingOptions>()
            .Bind(configuration.GetSection("Vibe:Messaging"))
            .ValidateOnStart();
        services.AddOptions<GrainCollectionOptions>()
            .Bind(configuration.GetSection("Vibe:GrainCollection"))
            .Validate(o => o.DeactivationTimeout > TimeSpan.Zero, "Vibe:GrainCollection:DeactivationTimeout must be positive.")
            .ValidateOnStart();
        services.AddOptions<ReminderOptions>()
            .Bind(configuration.GetSection("Vibe:Reminders"))
            .Validate(o => o.MinimumReminderPeriod > TimeSpan.Zero, "Vibe:Reminders:MinimumReminderPeriod must be positive.")
            .ValidateOnStart();
        return services;
    }

    /// <summary>Binds Vibe:Cluster:Membership onto the membership timings; call it before AddSilo so its messages, which name the keys, come first.</summary>
    public static IServiceCollection BindClusterMembershipOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClusterMembershipOptions>()
            .Bind(configuration.GetSection(ClusterSettings.MembershipSectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusterMembershipOptions>, ClusterMembershipOptionsValidator>();
        return services;
    }

    /// <summary>Binds and validates every option now, so a bad value is reported in one line before anything starts; null if all are valid.</summary>
    public static string? Validate(IServiceProvider services)
    {
        try
        {
            _ = services.GetRequiredService<IOptions<SiloOptions>>().Value;
            _ = services.GetRequiredService<IOptions<MessagingOptions>>().Value;
            _ = services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value;
            _ = services.GetRequiredService<IOptions<ReminderOptions>>().Value;
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
