using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vibe.Actors.Reminders;
using Vibe.Actors.Runtime;
using Vibe.Actors.Storage;

namespace Vibe.Actors.Hosting;

public static class SiloServiceCollectionExtensions
{
    /// <summary>
    /// Hosts a silo in this process: grains, their storage, reminders and streams. The silo starts with the
    /// host and, when the host stops, deactivates every grain (running OnDeactivateAsync) before it returns.
    /// </summary>
    public static IServiceCollection AddSilo(this IServiceCollection services, Action<SiloBuilder>? configure = null)
    {
        var assemblies = new List<Assembly>();
        var builder = new SiloBuilder(services, assemblies);
        services.AddOptions<SiloOptions>().Validate(o => !string.IsNullOrWhiteSpace(o.ServiceId), "SiloOptions.ServiceId must not be empty.");
        services.AddOptions<MessagingOptions>().Validate(o => o.ResponseTimeout > TimeSpan.Zero, "MessagingOptions.ResponseTimeout must be positive.");
        services.AddOptions<GrainCollectionOptions>().Validate(o => o.CollectionQuantum > TimeSpan.Zero && o.CollectionAge > TimeSpan.Zero, "GrainCollectionOptions.CollectionAge and CollectionQuantum must be positive.");
        services.AddOptions<ReminderOptions>();
        services.TryAddSingleton<IGrainStateSerializer>(_ => new JsonGrainStateSerializer());
        services.TryAddSingleton<IReminderTable>(_ => new MemoryReminderTable());
        services.TryAddSingleton<SiloRuntime>();
        services.TryAddSingleton<ReminderService>();
        services.TryAddSingleton<ILocalSiloDetails, LocalSiloDetails>();
        services.TryAddSingleton(sp => sp.GetRequiredService<SiloRuntime>().GrainFactory);
        services.AddSingleton(new GrainAssemblies(assemblies));
        services.TryAddSingleton<SiloHostedService>();
        services.AddHostedService(sp => sp.GetRequiredService<SiloHostedService>());
        configure?.Invoke(builder);
        return services;
    }
}

/// <summary>The assemblies the silo was told to load grains from.</summary>
internal sealed record GrainAssemblies(IReadOnlyList<Assembly> Assemblies);
