using System.Diagnostics.Metrics;

namespace Vibe.Hosting;

/// <summary>Reads the number of live grain activations in this silo from Orleans' catalog instrument; create it before the silo starts.</summary>
internal sealed class ActivationCounter : IDisposable
{
    private const string MeterName = "Microsoft.Orleans";
    private const string InstrumentName = "orleans-catalog-activations";

    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private long _changes;
    private long _observed;

    public ActivationCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName && instrument.Name == InstrumentName)
            {
                listener.EnableMeasurementEvents(instrument, this);
            }
        };
        _listener.SetMeasurementEventCallback<long>(static (instrument, value, _, state) => ((ActivationCounter)state!).Record(instrument, value));
        _listener.SetMeasurementEventCallback<int>(static (instrument, value, _, state) => ((ActivationCounter)state!).Record(instrument, value));
        _listener.Start();
    }

    public long Count
    {
        get
        {
            lock (_lock)
            {
                // An observable instrument reports the current values (one per tag set) when asked; a plain one reported its changes already.
                _observed = 0;
                _listener.RecordObservableInstruments();
                return _observed + Interlocked.Read(ref _changes);
            }
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, long value)
    {
        if (instrument.IsObservable)
        {
            _observed += value; // under _lock: observable callbacks run inside RecordObservableInstruments
        }
        else
        {
            Interlocked.Add(ref _changes, value);
        }
    }
}
