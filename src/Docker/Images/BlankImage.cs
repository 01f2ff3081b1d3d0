using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Vibe.Docker.Errors;

namespace Vibe.Docker.Images;

/// <summary>
/// The <c>vibe/blank</c> workspace image: <c>FROM scratch</c> plus the host's static busybox, a non-root user <c>vibe</c> (uid 1000)
/// owning /workspace, and a world-writable /tmp. Built locally in about a second with no network; same result as
/// <c>deploy/images/build.sh blank</c>, whose Dockerfile is embedded here.
/// </summary>
public static class BlankImage
{
    public const string Tag = "vibe/blank:latest";

    /// <summary>The uid/gid of the image's <c>vibe</c> user, who owns /workspace.</summary>
    public const int UserId = 1000;

    public const string DefaultBusyboxPath = "/bin/busybox";

    private const string Passwd =
        "root:x:0:0:root:/root:/bin/sh\n" +
        "vibe:x:1000:1000:vibe:/workspace:/bin/sh\n" +
        "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";

    private const string Group =
        "root:x:0:\n" +
        "vibe:x:1000:\n" +
        "nogroup:x:65534:\n";

    /// <summary>
    /// Builds the image unless <see cref="Tag"/> already exists (or <paramref name="force"/>), reporting each line of the build
    /// (<c>Step 1/4 : FROM scratch</c>...) to <paramref name="progress"/>. Returns the image ID. A failed build throws
    /// <see cref="DockerBuildException"/> with the daemon's message.
    /// </summary>
    public static async Task<string> EnsureAsync(
        IDockerClient client,
        IProgress<string>? progress = null,
        bool force = false,
        string busyboxPath = DefaultBusyboxPath,
        ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            if (!force && await TryInspectAsync(client, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                progress?.Report($"{Tag} exists ({existing.ID})");
                return existing.ID;
            }

            using var context = await CreateContextAsync(busyboxPath, cancellationToken).ConfigureAwait(false);
            return await ImageBuild.RunAsync(client, context.ToStream(), Tag, progress, logger, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DockerErrors.Translate(ex, client.Options.Endpoint) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>The build context, in memory: the Dockerfile and rootfs/ with busybox, /etc/passwd and /etc/group, and the empty directories.</summary>
    public static async Task<BuildContext> CreateContextAsync(string busyboxPath = DefaultBusyboxPath, CancellationToken cancellationToken = default)
    {
        byte[] busybox;
        try
        {
            busybox = await File.ReadAllBytesAsync(busyboxPath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"{busyboxPath} not found: the blank workspace image needs Debian's busybox-static (apt-get install busybox-static).", busyboxPath, ex);
        }

        var context = new BuildContext();
        context.AddFile("Dockerfile", EmbeddedDockerfiles.Read("blank"));
        context.AddDirectory("rootfs");
        foreach (var directory in new[] { "rootfs/bin", "rootfs/sbin", "rootfs/usr", "rootfs/usr/bin", "rootfs/usr/sbin", "rootfs/etc", "rootfs/tmp", "rootfs/workspace" })
        {
            context.AddDirectory(directory);
        }

        context.AddDirectory("rootfs/root", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        context.AddFile("rootfs/bin/busybox", busybox, BuildContext.ExecutableMode);
        context.AddFile("rootfs/etc/passwd", Encoding.ASCII.GetBytes(Passwd));
        context.AddFile("rootfs/etc/group", Encoding.ASCII.GetBytes(Group));
        return context;
    }

    private static async Task<ImageInspectResponse?> TryInspectAsync(IDockerClient client, CancellationToken cancellationToken)
    {
        try
        {
            return await client.Images.InspectImageAsync(Tag, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
    }
}
