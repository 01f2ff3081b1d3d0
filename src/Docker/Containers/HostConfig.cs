namespace Vibe.Docker.Containers;

/// <summary>The host-side settings of a container: limits, capabilities, mounts, network, ports.</summary>
public sealed class HostConfig
{
    /// <summary>Bind mounts as <c>host-path:container-path[:ro]</c>.</summary>
    public IList<string>? Binds { get; set; }

    /// <summary><c>bridge</c>, <c>none</c>, <c>host</c>, <c>container:&lt;id&gt;</c> or a network name.</summary>
    public string? NetworkMode { get; set; }

    /// <summary>Published ports: container port (<c>"8080/tcp"</c>) to host bindings.</summary>
    public IDictionary<string, IList<PortBinding>?>? PortBindings { get; set; }

    /// <summary>Remove the container when it exits.</summary>
    public bool AutoRemove { get; set; }

    public IList<string>? CapAdd { get; set; }

    public IList<string>? CapDrop { get; set; }

    /// <summary>e.g. <c>no-new-privileges</c>, <c>seccomp=...</c>.</summary>
    public IList<string>? SecurityOpt { get; set; }

    public bool ReadonlyRootfs { get; set; }

    /// <summary>tmpfs mounts: container path to mount options (<c>"rw,size=64m"</c>).</summary>
    public IDictionary<string, string>? Tmpfs { get; set; }

    /// <summary>Run docker-init as PID 1 so zombies are reaped and signals forwarded.</summary>
    public bool? Init { get; set; }

    /// <summary>Storage driver options, e.g. <c>size=10G</c> (overlay2 on xfs with pquota only).</summary>
    public IDictionary<string, string>? StorageOpt { get; set; }

    /// <summary>Memory limit in bytes (0 = unlimited).</summary>
    public long? Memory { get; set; }

    /// <summary>Memory plus swap in bytes; equal to <see cref="Memory"/> means no swap, -1 unlimited.</summary>
    public long? MemorySwap { get; set; }

    /// <summary>CPU quota in 1e-9 CPUs (1.5 CPUs = 1_500_000_000).</summary>
    public long? NanoCpus { get; set; }

    /// <summary>Maximum number of processes (null or 0 = unlimited, -1 = unlimited).</summary>
    public long? PidsLimit { get; set; }

    /// <summary>Extra /etc/hosts lines as <c>name:ip</c>.</summary>
    public IList<string>? ExtraHosts { get; set; }
}
