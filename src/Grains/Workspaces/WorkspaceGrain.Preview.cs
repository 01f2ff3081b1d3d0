using Vibe.Docker.Errors;
using Vibe.Grains.Interfaces.Errors;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Grains.Workspaces.Preview;

namespace Vibe.Grains.Workspaces;

/// <summary>What the preview proxy needs: the ports the container listens on, its address, and which ports are public.</summary>
internal sealed partial class WorkspaceGrain
{
    private static readonly TimeSpan PortScanTimeout = TimeSpan.FromSeconds(5);

    // The address of the container it was read from: a new container (a restart with new limits) gets a new one.
    private (string ContainerId, string? Address)? _previewAddress;

    public async Task<IReadOnlyList<WorkspacePort>> ListPorts()
    {
        var containerId = RunningContainer("list the ports of");
        string table;
        try
        {
            table = (await runtime.ExecAsync(containerId, ["sh", "-c", "cat /proc/net/tcp /proc/net/tcp6 2>/dev/null"], PortScanTimeout)).Stdout;
        }
        catch (DockerConflictException ex)
        {
            throw new ConflictException($"Workspace '{Id}' is not running ({ex.Message}).", ex);
        }

        var listening = ListeningPorts.Parse(table);
        var ports = new List<WorkspacePort>(listening.Count);
        foreach (var (port, loopbackOnly) in listening)
        {
            ports.Add(new WorkspacePort(port, loopbackOnly, State.PublicPorts.Contains(port)));
        }

        return ports;
    }

    public async Task<WorkspacePreviewTarget> GetPreviewTarget()
    {
        EnsureExists();
        string? address = null;
        if (State.Status == WorkspaceStatus.Running && State.ContainerId is { } containerId)
        {
            if (_previewAddress is not { } known || known.ContainerId != containerId)
            {
                var container = await runtime.InspectAsync(containerId);
                known = (containerId, container?.Running == true ? container.IPAddress : null);
                _previewAddress = known;
            }

            address = known.Address;
        }

        return new WorkspacePreviewTarget(State.Status!.Value, address, [.. State.PublicPorts]);
    }

    public async Task<WorkspacePreviewTarget> SetPortPublic(int port, bool isPublic)
    {
        EnsureExists();
        if (port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "A port is a number from 1 to 65535.");
        }

        var index = State.PublicPorts.BinarySearch(port);
        if (isPublic != index >= 0)
        {
            if (isPublic)
            {
                State.PublicPorts.Insert(~index, port);
            }
            else
            {
                State.PublicPorts.RemoveAt(index);
            }

            await workspace.WriteStateAsync();
        }

        return await GetPreviewTarget();
    }
}
