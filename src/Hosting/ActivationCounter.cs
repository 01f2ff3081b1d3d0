using System.Diagnostics.Metrics;

namespace Vibe.Hosting;

/// <summary>Counts live grain activations by listening to the runtime's activations instrument; create it before the silo starts.</summary>
internal sealed class ActivationCounter : IDisposable
{
    private const string MeterName = "Vibe.Actors";
    private const string InstrumentName = "vibe.actors.activations";

    private readonly MeterListener _listener = new();
    private long _count;

    public ActivationCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName && instrument.Name == InstrumentName)
            {
                listener.EnableMeasurementEvents(instrument, this);
            }
        };
        _listener.SetMeasurementEventCallback<long>(static (_, change, _, state) => ((ActivationCounter)state!).Add(change));
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();

    private void Add(long change) => Interlocked.Add(ref _count, change);
}
