using System.Text;
using Vibe.Docker.Images;
using Vibe.Docker.Network;

namespace Vibe.Docker.Runtime;

/// <summary>How <see cref="DockerContainerRuntime"/> creates and finds workspace containers.</summary>
public sealed class ContainerRuntimeOptions
{
    /// <summary>The service whose containers this runtime creates and sees (label <c>vibe.service</c>; default "vibe").</summary>
    public string ServiceId { get; set; } = "vibe";

    /// <summary>The silo that creates containers (label <c>vibe.silo</c>; default the machine name).</summary>
    public string SiloName { get; set; } = Environment.MachineName;

    /// <summary>
    /// The default workspace uid and gid: above the ranges distributions give people (1000-59999) and system users, and below
    /// <c>nobody</c> (65534), so that on a Vibe host it belongs to no one but the workspaces.
    /// </summary>
    public const int DefaultUserId = 64000;

    /// <summary>The uid the workspace processes run as and that owns the workspace directory (default <see cref="DefaultUserId"/>).</summary>
    public int UserId { get; set; } = DefaultUserId;

    /// <summary>The gid of the workspace processes (default <see cref="DefaultUserId"/>).</summary>
    public int GroupId { get; set; } = DefaultUserId;

    /// <summary>The per-workspace networks of <see cref="ContainerNetworkPolicy.Internal"/> and <see cref="ContainerNetworkPolicy.Internet"/> (<c>Vibe:Workspaces:Network</c>).</summary>
    public WorkspaceNetworkOptions Network { get; } = new();

    /// <summary>Size cap of the writable /tmp (a tmpfs, counted against the memory limit; default 256 MiB).</summary>
    public long TmpfsSizeBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Size at which a container's json-file log is rotated (default 10 MiB).</summary>
    public long LogMaxSizeBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>How many json-file log files a container keeps, the current one included (default 3).</summary>
    public int LogMaxFiles { get; set; } = 3;

    /// <summary>Each of stdout and stderr of an exec keeps at most this many bytes (default 1 MiB).</summary>
    public int MaxExecOutputBytes { get; set; } = 1024 * 1024;

    /// <summary>The static busybox the blank image is built from (default /bin/busybox, Debian's busybox-static).</summary>
    public string BusyboxPath { get; set; } = "/bin/busybox";

    /// <summary>
    /// The Dockerfiles of the templates built on first use, by template name (default: node and python from deploy/images;
    /// blank is built from the host's busybox). Each is built with no context but itself, as <c>vibe/{template}:latest</c>.
    /// </summary>
    public Dictionary<string, string> TemplateDockerfiles { get; } = new(StringComparer.Ordinal)
    {
        ["node"] = Encoding.UTF8.GetString(EmbeddedDockerfiles.Read("node")),
        ["python"] = Encoding.UTF8.GetString(EmbeddedDockerfiles.Read("python")),
    };

    /// <summary>
    /// The Debian base image the node and python templates start FROM (default vibe/base:bookworm). When a template needs it
    /// and it is missing, <see cref="ImagesScript"/> <c>base</c> makes it, told this name in VIBE_BASE_IMAGE; templates that
    /// need it at the same time wait for one build.
    /// </summary>
    public string DebianBaseImage { get; set; } = TemplateImageBuilds.DebianBase;

    /// <summary>
    /// deploy/images/build.sh, which makes the Debian base image (debootstrap, as root) when a template needs it and it is missing
    /// (default: found in the checkout above the application's directory; null when there is none).
    /// </summary>
    public string? ImagesScript { get; set; } = FindImagesScript();

    /// <summary>
    /// How often a template build's latest progress is sent again while it reports nothing new (default 3 s): a start's
    /// viewer who arrives during a long quiet step still sees what the build is doing.
    /// </summary>
    public TimeSpan BuildProgressRepeat { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The network of the RUN steps of template builds (default null: the engine's default bridge; "host" for the host's).</summary>
    public string? BuildNetworkMode { get; set; }

    /// <summary>Labels added to every container and network the runtime creates (tests mark theirs for cleanup).</summary>
    public Dictionary<string, string> ExtraLabels { get; } = new(StringComparer.Ordinal);

    private static string? FindImagesScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var script = Path.Combine(directory.FullName, "deploy", "images", "build.sh");
            if (File.Exists(script))
            {
                return script;
            }
        }

        return null;
    }
}
