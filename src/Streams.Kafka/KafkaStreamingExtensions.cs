using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace Vibe.Streams.Kafka;

/// <summary>Registers a Kafka stream provider on a silo (producing and pulling) or a client (producing).</summary>
public static class KafkaStreamingExtensions
{
    /// <summary>
    /// Adds the durable stream provider <paramref name="name"/> on Kafka: options from <c>Vibe:Streams:Kafka</c>, then
    /// <c>Vibe:Streams:Kafka:Providers:{name}</c>, then <paramref name="configure"/>; validated at start-up. The silo also
    /// needs the pub-sub grain storage (<c>PubSubStore</c>) that every persistent stream provider uses.
    /// </summary>
    public static ISiloBuilder AddKafkaStreams(this ISiloBuilder builder, string name, Action<KafkaStreamOptions>? configure = null, Action<ISiloPersistentStreamConfigurator>? configureStream = null)
    {
        AddOptions(builder.Services, name, configure);
        return builder.AddPersistentStreams(name, KafkaQueueAdapterFactory.Create, stream =>
        {
            stream.ConfigurePullingAgent(agent => agent.Configure<IOptionsMonitor<KafkaStreamOptions>>((o, kafka) => o.GetQueueMsgsTimerPeriod = kafka.Get(name).PullingPeriod));
            configureStream?.Invoke(stream);
        });
    }

    /// <summary>Adds the Kafka stream provider <paramref name="name"/> to a cluster client, which produces directly to Kafka and subscribes through the silos.</summary>
    public static IClientBuilder AddKafkaStreams(this IClientBuilder builder, string name, Action<KafkaStreamOptions>? configure = null)
    {
        AddOptions(builder.Services, name, configure);
        return builder.AddPersistentStreams(name, KafkaQueueAdapterFactory.Create, null);
    }

    private static void AddOptions(IServiceCollection services, string name, Action<KafkaStreamOptions>? configure)
    {
        services.AddOptions<KafkaStreamOptions>(name)
            .Configure<IServiceProvider>((options, provider) =>
            {
                if (provider.GetService<IConfiguration>() is { } configuration)
                {
                    configuration.GetSection(KafkaStreamOptions.SectionName).Bind(options);
                    configuration.GetSection($"{KafkaStreamOptions.SectionName}:Providers:{name}").Bind(options);
                }
            })
            .Configure(options => configure?.Invoke(options))
            .ValidateKafkaRules(name)
            .ValidateOnStart();
        services.AddKeyedSingleton(name, (provider, _) => ActivatorUtilities.CreateInstance<KafkaQueueAdapterFactory>(provider, name));
    }
}
