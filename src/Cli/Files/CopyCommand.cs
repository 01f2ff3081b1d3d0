using System.CommandLine;
using System.Security.Cryptography;
using Vibe.Cli.Api;
using Vibe.Cli.Api.Models;
using Vibe.Cli.Auth;
using Vibe.Cli.Output;
using Vibe.Cli.Workspaces;

namespace Vibe.Cli.Files;

/// <summary>
/// <c>vibe cp SRC DST</c>, one of them <c>WS:PATH</c>: copies files and folders into and out of a workspace's /workspace.
/// A file up to <see cref="ChunkBytes"/> goes through the file API in one request (the workspace need not run). Folders and
/// larger files travel as a tar archive cut into parts of that size, staged in a hidden folder of /workspace, packed or
/// unpacked there by busybox or GNU tar through the exec endpoint (so the workspace must run), with a progress bar.
/// As with cp and docker cp, copying onto an existing folder puts the copy inside it.
/// </summary>
internal static class CopyCommand
{
    /// <summary>Below the file API's 5 MiB default cap on one request.</summary>
    public const int ChunkBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Packs "$3" (in folder "$2") into parts of "$4" bytes in folder "$1": tar, then dd block by block, which busybox
    /// images have (they may lack split).
    /// </summary>
    private const string PackScript =
        "set -e; mkdir -p \"$1\"; cd \"$2\"; tar -cf \"$1/archive\" \"$3\"; cd \"$1\"; size=$(wc -c < archive); n=0; " +
        "while [ $n -eq 0 ] || [ $((n * $4)) -lt \"$size\" ]; do dd if=archive of=part-$(printf %06d $n) bs=\"$4\" skip=$n count=1 2>/dev/null; n=$((n + 1)); done; rm archive";

    /// <summary>Unpacks the parts in folder "$1", in order, into folder "$2".</summary>
    private const string UnpackScript = "set -e; mkdir -p \"$2\"; cat \"$1\"/* | tar -xf - -C \"$2\"";

    public static Command Create()
    {
        var source = new Argument<string>("source") { Description = "What to copy: a local path, or WS:PATH in a workspace" };
        var destination = new Argument<string>("destination") { Description = "Where to: WS:PATH in a workspace, or a local path" };
        var command = new Command("cp", "Copy files and folders between here and a workspace's /workspace (WS:PATH, relative to /workspace)")
        {
            source, destination,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var from = parse.GetValue(source)!;
            var to = parse.GetValue(destination)!;
            var (fromRemote, toRemote) = (RemotePath.IsRemote(from), RemotePath.IsRemote(to));
            if (fromRemote == toRemote)
            {
                throw new CliException(fromRemote
                    ? "Both paths are in workspaces; copy one way at a time, through a local folder."
                    : "Neither path is in a workspace; name one as WS:PATH, e.g. `vibe cp app.js myws:src/`.");
            }

            using var api = VibeApi.SignedIn(CredentialStore.ForCurrentUser());
            if (toRemote)
            {
                await UploadAsync(api, from, RemotePath.Parse(to), cancellationToken);
            }
            else
            {
                await DownloadAsync(api, RemotePath.Parse(from), to, cancellationToken);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task UploadAsync(VibeApi api, string localPath, RemotePath remote, CancellationToken cancellationToken)
    {
        FileSystemInfo source = Directory.Exists(localPath) ? new DirectoryInfo(localPath) : new FileInfo(localPath);
        if (!source.Exists)
        {
            throw new CliException($"There is no file or folder '{localPath}'.");
        }

        var workspace = await WorkspaceResolver.ResolveAsync(api, remote.Workspace, cancellationToken);
        var files = new WorkspaceFiles(api, workspace.Id);
        var target = await files.StatAsync(remote.Path, cancellationToken);
        var destination = target?.Kind == "directory" || remote.NamesDirectory
            ? RemotePath.Join(remote.Path, source.Name.TrimEnd('/'))
            : remote.Path;
        if (source is FileInfo small && small.Length <= ChunkBytes)
        {
            await files.WriteAsync(destination, await File.ReadAllBytesAsync(small.FullName, cancellationToken), cancellationToken);
            return;
        }

        RequireRunning(workspace, "Copying folders and files over 4 MiB into");
        var archivePath = Path.GetTempFileName();
        var stage = StageName();
        try
        {
            await using (var archive = File.Create(archivePath))
            {
                TarArchive.Pack(source, RemotePath.NameOf(destination), archive);
            }

            var length = new FileInfo(archivePath).Length;
            await TransferProgress.RunAsync($"Copying {source.Name} to {workspace.Name}", length, async progress =>
            {
                await using var archive = File.OpenRead(archivePath);
                var buffer = new byte[ChunkBytes];
                for (var part = 0; ; part++)
                {
                    var read = await archive.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
                    if (read == 0 && part > 0)
                    {
                        break;
                    }

                    await files.WriteAsync($"{stage}/{part:D6}", buffer.AsMemory(0, read), cancellationToken);
                    progress(read);
                }
            });
            await files.RunAsync(
                "Unpacking the copy",
                ["sh", "-c", UnpackScript, "sh", $"{RemotePath.Root}/{stage}", RemotePath.AbsoluteOf(RemotePath.ParentOf(destination))],
                cancellationToken);
        }
        finally
        {
            File.Delete(archivePath);
            await DeleteStageAsync(files, stage);
        }
    }

    private static async Task DownloadAsync(VibeApi api, RemotePath remote, string localPath, CancellationToken cancellationToken)
    {
        var workspace = await WorkspaceResolver.ResolveAsync(api, remote.Workspace, cancellationToken);
        var files = new WorkspaceFiles(api, workspace.Id);
        var entry = await files.StatAsync(remote.Path, cancellationToken)
            ?? throw new CliException($"There is no file or folder '{remote.Absolute}' in workspace {workspace.Name}.");
        var name = remote.Path.Length == 0 ? "workspace" : RemotePath.NameOf(remote.Path);
        var destination = Directory.Exists(localPath) ? Path.Combine(localPath, name) : localPath;
        if (Path.GetDirectoryName(Path.GetFullPath(destination)) is { } parent)
        {
            Directory.CreateDirectory(parent);
        }

        if (entry.Kind == "file" && entry.Size <= ChunkBytes)
        {
            var temporary = destination + ".vibe-part";
            await using (var file = File.Create(temporary))
            {
                await files.ReadAsync(remote.Path, file, static _ => { }, cancellationToken);
            }

            File.Move(temporary, destination, overwrite: true);
            return;
        }

        RequireRunning(workspace, "Copying folders and files over 4 MiB out of");
        var archivePath = Path.GetTempFileName();
        var stage = StageName();
        try
        {
            await files.RunAsync(
                "Packing the copy",
                ["sh", "-c", PackScript,
                    "sh", $"{RemotePath.Root}/{stage}", RemotePath.AbsoluteOf(RemotePath.ParentOf(remote.Path)), name, ChunkBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                cancellationToken);
            var parts = (await files.ListAsync(stage, cancellationToken)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
            await using (var archive = File.Create(archivePath))
            {
                await TransferProgress.RunAsync($"Copying {name} from {workspace.Name}", parts.Sum(p => p.Size), async progress =>
                {
                    foreach (var part in parts)
                    {
                        await files.ReadAsync($"{stage}/{part.Name}", archive, progress, cancellationToken);
                    }
                });
            }

            await using (var archive = File.OpenRead(archivePath))
            {
                TarArchive.Unpack(archive, name, destination);
            }
        }
        finally
        {
            File.Delete(archivePath);
            await DeleteStageAsync(files, stage);
        }
    }

    private static void RequireRunning(WorkspaceDetails workspace, string what)
    {
        if (workspace.Status != "running")
        {
            throw new CliException($"{what} a workspace runs tar in it, and {workspace.Name} is {WireValue.Shown(workspace.Status)}: start it with `vibe ws start {workspace.Id}`.");
        }
    }

    /// <summary>A hidden folder at the top of /workspace for one copy's parts.</summary>
    private static string StageName() => ".vibe-cp-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    private static async Task DeleteStageAsync(WorkspaceFiles files, string stage)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await files.DeleteAsync(stage, timeout.Token);
        }
        catch (Exception ex) when (ex is CliException or OperationCanceledException)
        {
            // Already gone, or the server went away; the folder is hidden and says what it is.
        }
    }
}
