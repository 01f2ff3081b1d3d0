namespace Vibe.Docker.Runtime;

/// <summary>The engine events the runtime reports.</summary>
public enum ContainerEventKind
{
    /// <summary>The container's main process exited (stopped, killed, crashed or OOM-killed).</summary>
    Died,

    /// <summary>The kernel's OOM killer killed a process of the container; the container may still run.</summary>
    OutOfMemory,
}
