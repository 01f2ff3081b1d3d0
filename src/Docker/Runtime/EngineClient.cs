using Docker.DotNet;
using Docker.DotNet.Models;
using Vibe.Docker.Errors;

namespace Vibe.Docker.Runtime;

/// <summary>
/// Docker.DotNet's client as the runtime uses it: every call waits for <see cref="DockerEngine.CheckAsync"/> to have passed once,
/// and its failures reach callers as Vibe's exceptions (see <see cref="DockerErrors"/>).
/// </summary>
internal sealed class EngineClient(IDockerClient client)
{
    private volatile bool _checked;

    public IDockerClient Docker => client;

    public Uri Endpoint => client.Options.Endpoint;

    public async Task<T> CallAsync<T>(Func<IDockerClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        await EnsureCheckedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await call(client, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DockerErrors.Translate(ex, Endpoint) is { } translated)
        {
            throw translated;
        }
    }

    public async Task CallAsync(Func<IDockerClient, CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        await EnsureCheckedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await call(client, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DockerErrors.Translate(ex, Endpoint) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>Creates and starts an exec; its output is multiplexed unless <see cref="ContainerExecCreateParameters.TTY"/>.</summary>
    public async Task<(string ExecId, MultiplexedStream Stream)> StartExecAsync(string containerId, ContainerExecCreateParameters parameters, CancellationToken cancellationToken)
    {
        var created = await CallAsync((docker, ct) => docker.Exec.CreateContainerExecAsync(containerId, parameters, ct), cancellationToken).ConfigureAwait(false);
        var stream = await CallAsync(
            (docker, ct) => docker.Exec.StartContainerExecAsync(created.ID, new ContainerExecStartParameters { TTY = parameters.TTY, Detach = false }, ct),
            cancellationToken).ConfigureAwait(false);
        return (created.ID, stream);
    }

    /// <summary>
    /// Waits until the exec's process has exited and returns its exit code. The API has no wait call for execs; the exit code
    /// is normally set by the time the output ends, so this rarely polls more than once.
    /// </summary>
    public async Task<int> WaitForExitAsync(string execId, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            var inspect = await CallAsync((docker, ct) => docker.Exec.InspectContainerExecAsync(execId, ct), cancellationToken).ConfigureAwait(false);
            if (!inspect.Running && inspect.ExitCode is { } exitCode)
            {
                return (int)exitCode;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
        }
    }

    private async ValueTask EnsureCheckedAsync(CancellationToken cancellationToken)
    {
        if (!_checked)
        {
            await DockerEngine.CheckAsync(client, cancellationToken).ConfigureAwait(false);
            _checked = true;
        }
    }
}
