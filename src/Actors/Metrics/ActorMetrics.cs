using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Vibe.Actors.Metrics;

/// <summary>The runtime's instruments, on the meter "Vibe.Actors". Each records only while someone listens.</summary>
internal static class ActorMetrics
{
    public const string MeterName = "Vibe.Actors";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Live activations, tagged with the grain type.</summary>
    public static readonly UpDownCounter<long> Activations = Meter.CreateUpDownCounter<long>("vibe.actors.activations", "{activation}", "Live grain activations");

    /// <summary>Completed grain calls, tagged with the grain type.</summary>
    public static readonly Counter<long> Calls = Meter.CreateCounter<long>("vibe.actors.calls", "{call}", "Grain calls completed");

    /// <summary>Time from a request starting in its activation to its completion, in milliseconds.</summary>
    public static readonly Histogram<double> CallDuration = Meter.CreateHistogram<double>("vibe.actors.call.duration", "ms", "Grain call duration inside the activation");

    private static Func<long>? s_queueLength;

    static ActorMetrics() =>
        Meter.CreateObservableGauge("vibe.actors.queue.length", () => s_queueLength?.Invoke() ?? 0, "{request}", "Requests waiting for their activation");

    /// <summary>Sets the source of the queue-length gauge (the silo's catalog).</summary>
    public static void ObserveQueueLength(Func<long>? source) => s_queueLength = source;

    public static void ActivationCreated(string grainType)
    {
        if (Activations.Enabled)
        {
            Activations.Add(1, new KeyValuePair<string, object?>("grain.type", grainType));
        }
    }

    public static void ActivationRemoved(string grainType)
    {
        if (Activations.Enabled)
        {
            Activations.Add(-1, new KeyValuePair<string, object?>("grain.type", grainType));
        }
    }

    /// <summary>Counts a call and, when <paramref name="startTimestamp"/> is set, records its duration.</summary>
    public static void RecordCall(string grainType, long startTimestamp)
    {
        if (Calls.Enabled)
        {
            Calls.Add(1, new KeyValuePair<string, object?>("grain.type", grainType));
        }

        if (startTimestamp != 0 && CallDuration.Enabled)
        {
            CallDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds, new KeyValuePair<string, object?>("grain.type", grainType));
        }
    }
}
