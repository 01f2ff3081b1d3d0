using System.Runtime.InteropServices;

namespace Vibe.Hosting;

/// <summary>
/// Notes whether a stop signal (SIGTERM, SIGINT, SIGQUIT) arrived, alongside the host's own handling of them: a silo
/// that stops without one was stopped by the runtime because the cluster declared it dead.
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;
    private volatile bool _received;

    public ShutdownSignals()
    {
        // Not cancelling the context leaves the signal to the host, which stops the application gracefully.
        _registrations = [.. new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT }
            .Select(signal => PosixSignalRegistration.Create(signal, _ => _received = true))];
    }

    public bool Received => _received;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
