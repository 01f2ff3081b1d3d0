using Vibe.Actors.Testing;
using Vibe.Actors.Tests.Grains;

namespace Vibe.Actors.Tests.Runtime;

public sealed class GrainCallTests : IAsyncLifetime
{
    private TestSiloHost _silo = null!;

    private IGrainFactory Grains => _silo.GrainFactory;

    public async Task InitializeAsync() => _silo = await TestSiloHost.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task A_grain_is_activated_on_first_call_and_keeps_its_state_between_calls()
    {
        var counter = Grains.GetGrain<ICounterGrain>("first-call");

        Assert.Equal(2, await counter.Add(2));
        Assert.Equal(5, await counter.Add(3));
        Assert.Equal(5, await counter.Get());
    }

    [Fact]
    public async Task References_to_the_same_key_reach_the_same_activation_and_compare_equal()
    {
        var a = Grains.GetGrain<ICounterGrain>("same");
        var b = Grains.GetGrain<ICounterGrain>("same");
        var other = Grains.GetGrain<ICounterGrain>("other");

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, other);
        Assert.Equal(await a.GetActivationId(), await b.GetActivationId());
        Assert.NotEqual(await a.GetActivationId(), await other.GetActivationId());
        Assert.Equal("same", a.GetPrimaryKeyString());
        Assert.Equal("same", await a.GetKey());
    }

    [Fact]
    public async Task A_reference_passed_as_an_argument_and_stored_in_a_grain_still_reaches_its_grain()
    {
        var counter = Grains.GetGrain<ICounterGrain>("passed");
        var forwarder = Grains.GetGrain<IForwarderGrain>(Guid.NewGuid());

        Assert.Equal(7, await forwarder.AddThrough(counter, 7));
        var remembered = await forwarder.Remember(counter);
        Assert.Equal(counter, remembered);
        Assert.Equal(8, await remembered.Add(1));
    }

    [Fact]
    public async Task Guid_keyed_grains_expose_their_key()
    {
        var key = Guid.NewGuid();
        var forwarder = Grains.GetGrain<IForwarderGrain>(key);

        Assert.Equal(key, forwarder.GetPrimaryKey());
        Assert.Equal(3, await forwarder.AddThrough(Grains.GetGrain<ICounterGrain>(key.ToString()), 3));
    }

    [Fact]
    public async Task An_exception_thrown_by_a_grain_reaches_the_caller_with_its_type_and_message()
    {
        var counter = Grains.GetGrain<ICounterGrain>("throws");

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => counter.Fail("the disk is on fire"));

        Assert.Equal("the disk is on fire", ex.Message);
        Assert.Equal(1, await counter.Add(1)); // the activation survives its exception
    }

    [Fact]
    public async Task A_one_way_call_returns_at_once_and_is_still_executed()
    {
        var counter = Grains.GetGrain<ICounterGrain>("one-way");

        await counter.AddOneWay(4);

        await Eventually.Until(async () => await counter.Get() == 4, "the one-way call to run");
    }

    [Fact]
    public async Task DeactivateOnIdle_drops_the_activation_and_the_next_call_creates_a_new_one()
    {
        var counter = Grains.GetGrain<ICounterGrain>("deactivate");
        var before = await counter.GetActivationId();
        await counter.Add(10);

        await counter.Deactivate();

        await Eventually.Until(async () => await counter.GetActivationId() != before, "a new activation after DeactivateOnIdle");
        Assert.Equal(0, await counter.Get()); // in-memory fields are gone with the old activation
    }

    [Fact]
    public async Task Interleaved_callers_see_every_update_exactly_once()
    {
        var counter = Grains.GetGrain<ICounterGrain>("many-callers");

        await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => counter.Add(1)));

        Assert.Equal(1000, await counter.Get());
    }

    [Fact]
    public async Task An_async_enumerable_result_is_streamed_in_order_and_runs_inside_the_grain()
    {
        var sequence = Grains.GetGrain<ISequenceGrain>("range");
        var expected = 0;

        await foreach (var item in sequence.Range(1000))
        {
            Assert.Equal(expected++, item);
        }

        Assert.Equal(1000, expected);
        Assert.Equal(1, await sequence.Ping());
    }

    [Fact]
    public void An_interface_with_several_implementations_needs_a_class_prefix()
    {
        var ex = Assert.Throws<GrainTypeNotFoundException>(() => Grains.GetGrain<IConcurrencyProbeGrain>("ambiguous"));

        Assert.Contains("grainClassNamePrefix", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(Grains.GetGrain<IConcurrencyProbeGrain>("ambiguous", "Vibe.Actors.Tests.Grains.ConcurrencyProbeGrain"));
    }
}
