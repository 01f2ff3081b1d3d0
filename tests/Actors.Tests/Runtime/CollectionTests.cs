using Microsoft.Extensions.DependencyInjection;
using Vibe.Actors.Hosting;
using Vibe.Actors.Testing;
using Vibe.Actors.Tests.Grains;

namespace Vibe.Actors.Tests.Runtime;

public sealed class CollectionTests : IAsyncLifetime
{
    private readonly DeactivationLog _log = new();
    private TestSiloHost _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSiloHost.StartAsync(
        silo => silo.AddMemoryGrainStorage().Configure<GrainCollectionOptions>(o =>
        {
            o.CollectionQuantum = TimeSpan.FromMilliseconds(50);
            o.ClassSpecificCollectionAge["counter"] = TimeSpan.FromMilliseconds(200);
        }),
        services => services.AddSingleton(_log));

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task An_idle_activation_is_collected_after_its_class_collection_age_and_others_are_not()
    {
        await _silo.GrainFactory.GetGrain<IShortLivedGrain>("idle").Touch();
        await _silo.GrainFactory.GetGrain<ILongLivedGrain>("idle").Touch();

        await Eventually.Until(() => _log.Contains("shortlived/idle", DeactivationReasonCode.ActivationIdle), "the [CollectionAgeLimit(Seconds = 0.3)] grain to be collected");

        Assert.False(_log.Contains("longlived/idle"), "a grain with the default 15 min collection age must not be collected");
    }

    [Fact]
    public async Task A_per_type_override_in_options_collects_that_type()
    {
        var counter = _silo.GrainFactory.GetGrain<ICounterGrain>("collected");
        var first = await counter.GetActivationId();

        // Poll the catalog, not the grain: a call would count as activity and keep it alive.
        await Eventually.Until(() => _silo.Services.ActivationCount("counter/collected") == 0, "the counter to be collected after 200 ms idle", TimeSpan.FromSeconds(10));
        Assert.NotEqual(first, await counter.GetActivationId());
    }

    [Fact]
    public async Task An_activation_in_use_is_not_collected()
    {
        var grain = _silo.GrainFactory.GetGrain<IShortLivedGrain>("busy");
        var until = DateTime.UtcNow.AddSeconds(1);
        while (DateTime.UtcNow < until)
        {
            await grain.Touch();
            await Task.Delay(50);
        }

        Assert.False(_log.Contains("shortlived/busy"), "an activation called every 50 ms must outlive a 300 ms collection age");
    }
}
