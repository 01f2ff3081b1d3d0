namespace Vibe.FakeProviders;

/// <summary>
/// Holds a scripted answer mid-stream until the test releases it (or the client hangs up): for cancel tests.
/// <see cref="Reached"/> completes when the server is waiting at the gate, so a test knows the stream has started.
/// </summary>
public sealed class FakeGate
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _abandoned = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a stream reaches the gate.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Completes when the client hung up while the stream waited at the gate (the request was cancelled).</summary>
    public Task Abandoned => _abandoned.Task;

    /// <summary>Lets the waiting stream go on.</summary>
    public void Release() => _released.TrySetResult();

    internal async Task WaitAsync(CancellationToken requestAborted)
    {
        _reached.TrySetResult();
        try
        {
            await _released.Task.WaitAsync(requestAborted);
        }
        catch (OperationCanceledException)
        {
            _abandoned.TrySetResult();
            throw;
        }
    }
}
