using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Vibe.Hosting.Storage;

/// <summary>Grain state, reminders and membership in the database of <see cref="VibeStorageSettings"/> (schema: <see cref="VibeSchema"/>).</summary>
public static class VibeStorageSiloBuilderExtensions
{
    /// <summary>The ADO.NET provider behind the default and pub-sub storages; grains reach it only through <see cref="KeyEncodingGrainStorage"/>.</summary>
    private const string AdoNetStorageName = "Vibe.AdoNet";

    /// <summary>
    /// Orleans' ADO.NET grain storage as the default provider (what <c>[PersistentState("name")]</c> without a provider
    /// name uses) and as "PubSubStore" (stream subscriptions), writing state as plain System.Text.Json (no <c>$type</c>;
    /// <see cref="PubSubPublisherStateJsonConverter"/> lets it read back the pub-sub state's producers),
    /// and Orleans' ADO.NET reminder service, both in the database of <paramref name="settings"/>. Grain keys reach the
    /// provider encoded (<see cref="KeyEncodingGrainStorage"/>), so keys such as "c1" and "C1" keep separate rows.
    /// Apply the schema first: <see cref="VibeSchema.EnsureAsync"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The invariant is neither <see cref="VibeStorageSettings.Npgsql"/> nor <see cref="VibeStorageSettings.Sqlite"/>.</exception>
    public static ISiloBuilder AddVibeStorage(this ISiloBuilder silo, VibeStorageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var invariant = settings.OrleansInvariant;
        var connectionString = settings.ConnectionString;

        silo.UseVibeGrainStateJson();
        silo.Services.AddAdoNetGrainStorage(AdoNetStorageName, options =>
        {
            options.Invariant = invariant;
            options.ConnectionString = connectionString;
        });
        foreach (var name in (string[])[ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, ProviderConstants.DEFAULT_PUBSUB_PROVIDER_NAME])
        {
            silo.Services.AddGrainStorage(name, static (services, _) =>
                new KeyEncodingGrainStorage(services.GetRequiredKeyedService<IGrainStorage>(AdoNetStorageName)));
        }

        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = invariant;
            options.ConnectionString = connectionString;
        });
        return silo;
    }

    /// <summary>
    /// Grain state as plain System.Text.Json (no <c>$type</c>), whichever storage holds it, with
    /// <see cref="PubSubPublisherStateJsonConverter"/> so stream subscriptions read back. <see cref="AddVibeStorage"/> uses it;
    /// tests call it with in-memory storage so state round-trips as it does in production.
    /// </summary>
    public static ISiloBuilder UseVibeGrainStateJson(this ISiloBuilder silo)
    {
        silo.UseSystemTextJsonGrainStorageSerializer();
        silo.Services.Configure<SystemTextJsonGrainStorageSerializerOptions>(options =>
            options.JsonSerializerOptions.Converters.Add(new PubSubPublisherStateJsonConverter()));
        return silo;
    }

    /// <summary>Cluster membership in PostgreSQL (Orleans' ADO.NET clustering, tables of orleans.sql): the alternative to Redis membership.</summary>
    public static ISiloBuilder UseVibeAdoNetClustering(this ISiloBuilder silo, string npgsqlConnectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(npgsqlConnectionString);
        return silo.UseAdoNetClustering(options =>
        {
            options.Invariant = VibeStorageSettings.Npgsql;
            options.ConnectionString = npgsqlConnectionString;
        });
    }
}
