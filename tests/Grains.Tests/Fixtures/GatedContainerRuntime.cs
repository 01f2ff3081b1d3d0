using Vibe.Docker.Runtime;

namespace Vibe.Grains.Tests.Fixtures;

/// <summary>
/// The real runtime, except that <see cref="StartAsync"/> holds its caller after the container has started until the test
/// opens the gate: the grain is frozen between "container started" and "state says Running", like a silo that crashed there.
/// </summary>
public sealed class GatedContainerRuntime(IContainerRuntime inner) : DelegatingContainerRuntime(inner)
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once a container has started in Docker and its caller is held.</summary>
    public Task ContainerStarted => _started.Task;

    public void OpenGate() => _gate.TrySetResult();

    public override async Task<bool> StartAsync(string containerId, CancellationToken cancellationToken = default)
    {
        var started = await base.StartAsync(containerId, cancellationToken);
        _started.TrySetResult();
        await _gate.Task;
        return started;
    }
}
