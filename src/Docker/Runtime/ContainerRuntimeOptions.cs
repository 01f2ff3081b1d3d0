namespace Vibe.Docker.Runtime;

/// <summary>How <see cref="DockerContainerRuntime"/> creates and finds workspace containers.</summary>
public sealed class ContainerRuntimeOptions
{
    /// <summary>The service whose containers this runtime creates and sees (label <c>vibe.service</c>; default "vibe").</summary>
    public string ServiceId { get; set; } = "vibe";

    /// <summary>The silo that creates containers (label <c>vibe.silo</c>; default the machine name).</summary>
    public string SiloName { get; set; } = Environment.MachineName;

    /// <summary>The uid the workspace processes run as and that owns the workspace directory (default 1000, the images' <c>vibe</c> user).</summary>
    public int UserId { get; set; } = 1000;

    /// <summary>The gid of the workspace processes (default 1000).</summary>
    public int GroupId { get; set; } = 1000;

    /// <summary>The internal bridge network of <see cref="ContainerNetworkPolicy.Internal"/>, created on first use (default "vibe-internal").</summary>
    public string InternalNetworkName { get; set; } = "vibe-internal";

    /// <summary>Size cap of the writable /tmp (a tmpfs, counted against the memory limit; default 256 MiB).</summary>
    public long TmpfsSizeBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Each of stdout and stderr of an exec keeps at most this many bytes (default 1 MiB).</summary>
    public int MaxExecOutputBytes { get; set; } = 1024 * 1024;

    /// <summary>The static busybox the blank image is built from (default /bin/busybox, Debian's busybox-static).</summary>
    public string BusyboxPath { get; set; } = "/bin/busybox";

    /// <summary>Labels added to every container and network the runtime creates (tests mark theirs for cleanup).</summary>
    public Dictionary<string, string> ExtraLabels { get; } = new(StringComparer.Ordinal);
}
