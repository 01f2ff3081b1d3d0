using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Vibe.Actors.Testing;

namespace Vibe.Actors.Tests.Runtime;

public sealed class MetricsTests
{
    [Fact]
    public async Task Calls_activations_latency_and_queue_length_are_published_on_the_Vibe_Actors_meter()
    {
        var longs = new ConcurrentDictionary<string, long>();
        var doubles = new ConcurrentDictionary<string, int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Vibe.Actors")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (tags.ToArray().Any(t => t.Key == "grain.type" && (string?)t.Value == "meteredprobe") || instrument.Name == "vibe.actors.queue.length")
            {
                longs.AddOrUpdate(instrument.Name, value, (_, old) => old + value);
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) => doubles.AddOrUpdate(instrument.Name, 1, (_, old) => old + 1));
        listener.Start();

        await using var silo = await TestSiloHost.StartAsync();
        // A grain type used by no other test: the meter is process-wide and other tests run in parallel.
        var counter = silo.GrainFactory.GetGrain<IMeteredProbeGrain>("metered");
        for (var i = 0; i < 10; i++)
        {
            await counter.Ping();
        }

        listener.RecordObservableInstruments();

        Assert.True(longs.GetValueOrDefault("vibe.actors.calls") >= 10, "every call is counted");
        Assert.Equal(1, longs.GetValueOrDefault("vibe.actors.activations"));
        Assert.True(doubles.GetValueOrDefault("vibe.actors.call.duration") >= 10, "every call's duration is recorded");
        Assert.True(longs.ContainsKey("vibe.actors.queue.length"), "the queue length gauge is observable");
    }
}

public interface IMeteredProbeGrain : IGrainWithStringKey
{
    Task Ping();
}

public sealed class MeteredProbeGrain : Grain, IMeteredProbeGrain
{
    public Task Ping() => Task.CompletedTask;
}
