using System.Runtime.Versioning;
using Vibe.Docker.Containers;
using Vibe.Docker.Images;
using Vibe.Docker.Tests.Fixtures;

namespace Vibe.Docker.Tests;

[Collection(DockerCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class HardenedContainerTests(DockerFixture docker)
{
    [Fact]
    public async Task A_hardened_workspace_runs_unprivileged_with_only_workspace_and_tmp_writable()
    {
        using var timeout = TestTimeout.Start();
        var workspace = Directory.CreateTempSubdirectory("vibe-ws-");
        try
        {
            // The bind-mounted host directory must belong to the container's user, as the silo arranges for workspaces.
            if (Environment.IsPrivilegedProcess)
            {
                File.SetUnixFileMode(workspace.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                Chown(workspace.FullName, BlankImage.UserId);
            }
            else
            {
                File.SetUnixFileMode(workspace.FullName, (UnixFileMode)0x1FF);
            }

            var parameters = docker.Container("sleep", "600");
            parameters.User = "1000:1000";
            parameters.WorkingDir = "/workspace";
            parameters.HostConfig = new HostConfig
            {
                CapDrop = ["ALL"],
                SecurityOpt = ["no-new-privileges"],
                PidsLimit = 64,
                Memory = 64L * 1024 * 1024,
                MemorySwap = 64L * 1024 * 1024,
                NanoCpus = 500_000_000,
                ReadonlyRootfs = true,
                Binds = [$"{workspace.FullName}:/workspace"],
                Tmpfs = new Dictionary<string, string> { ["/tmp"] = "rw,nosuid,nodev,size=16m" },
                NetworkMode = "none",
                Init = true,
            };
            var id = await docker.RunAsync(parameters, timeout.Token);

            var inspect = await docker.Client.Containers.InspectAsync(id, timeout.Token);
            Assert.True(inspect.State.Running);
            Assert.Equal(64, inspect.HostConfig?.PidsLimit);
            Assert.True(inspect.HostConfig?.ReadonlyRootfs);

            var caps = await docker.Client.Exec.RunAsync(id, ["sh", "-c", "cat /proc/self/status | grep CapEff"], cancellationToken: timeout.Token);
            Assert.Equal("CapEff:\t0000000000000000\n", caps.Stdout);

            var root = await docker.Client.Exec.RunAsync(id, ["touch", "/escape"], cancellationToken: timeout.Token);
            Assert.NotEqual(0, root.ExitCode);
            Assert.Contains("Read-only file system", root.Stderr, StringComparison.Ordinal);

            var writable = await docker.Client.Exec.RunAsync(id, ["sh", "-c", "id -u && echo ok > /workspace/file && touch /tmp/scratch && cat /workspace/file"], cancellationToken: timeout.Token);
            Assert.Equal(0, writable.ExitCode);
            Assert.Equal("1000\nok\n", writable.Stdout);
            Assert.Equal("ok\n", await File.ReadAllTextAsync(Path.Combine(workspace.FullName, "file"), timeout.Token));

            var network = await docker.Client.Exec.RunAsync(id, ["sh", "-c", "ls /sys/class/net"], cancellationToken: timeout.Token);
            Assert.Equal("lo\n", network.Stdout);
        }
        finally
        {
            workspace.Delete(recursive: true);
        }
    }

    private static void Chown(string path, int id)
    {
        using var chown = System.Diagnostics.Process.Start("chown", [$"{id}:{id}", path]);
        chown.WaitForExit();
        Assert.Equal(0, chown.ExitCode);
    }
}
