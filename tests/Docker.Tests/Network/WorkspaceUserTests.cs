using System.Runtime.Versioning;
using Vibe.Docker.Runtime;
using Vibe.Docker.Tests.Fixtures;

namespace Vibe.Docker.Tests.Network;

/// <summary>A workspace's files are its user's alone on the host (issue 18 item 8).</summary>
[Collection(DockerCollection.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class WorkspaceUserTests(DockerFixture docker) : IDisposable
{
    // Unlike the fixture's 0700 temporary root, a parent every local user may cross, as /var/lib/vibe is.
    private readonly string _root = Directory.CreateTempSubdirectory("vibe-workspace-user-").FullName;

    [Fact]
    public async Task A_setuid_program_made_in_a_workspace_cannot_be_run_by_another_host_user()
    {
        using var timeout = TestTimeout.Start();
        File.SetUnixFileMode(_root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var spec = docker.Spec() with { WorkspaceDirectory = Path.Combine(_root, "ws") };
        var id = await docker.RunAsync(spec, timeout.Token);

        var made = await docker.Runtime.ExecAsync(id, ["sh", "-c", "cp /bin/busybox /workspace/suid && chmod 4755 /workspace/suid && ls -l /workspace/suid"], TimeSpan.FromSeconds(30), timeout.Token);
        Assert.Equal(0, made.ExitCode);
        Assert.StartsWith("-rwsr-xr-x", made.Stdout, StringComparison.Ordinal);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(spec.WorkspaceDirectory));
        var run = await HostCommand.RunAsync("runuser", "-u", "nobody", "--", Path.Combine(spec.WorkspaceDirectory, "suid"), "id", "-u");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Permission denied", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workspace_processes_run_as_the_workspace_uid_and_own_the_files_they_make_on_the_host()
    {
        using var timeout = TestTimeout.Start();
        var spec = docker.Spec() with { WorkspaceDirectory = Path.Combine(_root, "owned") };
        var id = await docker.RunAsync(spec, timeout.Token);

        var made = await docker.Runtime.ExecAsync(id, ["sh", "-c", "id -u && id -g && mkdir /workspace/dir && echo hi > /workspace/dir/file"], TimeSpan.FromSeconds(30), timeout.Token);
        Assert.Equal("64000\n64000\n", made.Stdout);
        var owners = await HostCommand.CheckedAsync("stat", "-c", "%u:%g", spec.WorkspaceDirectory, Path.Combine(spec.WorkspaceDirectory, "dir", "file"));
        Assert.Equal("64000:64000\n64000:64000\n", owners);
    }

    [Fact]
    public void A_workspace_uid_that_a_host_user_or_group_has_is_refused_with_the_setting_named()
    {
        var passwd = Path.Combine(_root, "passwd");
        var group = Path.Combine(_root, "group");
        File.WriteAllText(passwd, "root:x:0:0:root:/root:/bin/sh\nada:x:1000:1000::/home/ada:/bin/sh\n");
        File.WriteAllText(group, "root:x:0:\nstaff:x:64001:\n");

        Assert.Contains("Vibe:Workspaces:UserId is 1000, which is the host user 'ada'", WorkspaceHostChecks.FindIdInUse(1000, passwd, group), StringComparison.Ordinal);
        Assert.Contains("host group 'staff'", WorkspaceHostChecks.FindIdInUse(64001, passwd, group), StringComparison.Ordinal);
        Assert.Null(WorkspaceHostChecks.FindIdInUse(ContainerRuntimeOptions.DefaultUserId, passwd, group));
        Assert.Null(WorkspaceHostChecks.FindIdInUse(ContainerRuntimeOptions.DefaultUserId));
    }

    [Fact]
    public async Task The_workspaces_root_is_remounted_nosuid_nodev_so_a_setuid_root_program_in_it_does_not_elevate()
    {
        var workspaces = Path.Combine(_root, "work space");
        Assert.Null(WorkspaceHostChecks.EnsureNoSuidMount(workspaces, out var mounted));
        try
        {
            Assert.True(mounted);
            var mount = WorkspaceHostChecks.FindMount(workspaces, File.ReadAllLines("/proc/self/mountinfo"));
            Assert.Equal(workspaces, mount?.MountPoint);
            Assert.Contains("nosuid", mount!.Value.Options);
            Assert.Contains("nodev", mount.Value.Options);

            // Checking again finds the mount already right and adds none.
            Assert.Null(WorkspaceHostChecks.EnsureNoSuidMount(workspaces, out var again));
            Assert.False(again);

            // A root-owned setuid copy of id, run by nobody on the host path, keeps nobody's effective uid.
            var setuid = Path.Combine(workspaces, "id");
            File.Copy("/usr/bin/id", setuid);
            File.SetUnixFileMode(setuid, (UnixFileMode)0b111_101_101 | UnixFileMode.SetUser);
            File.SetUnixFileMode(_root, (UnixFileMode)0b111_101_101);
            File.SetUnixFileMode(workspaces, (UnixFileMode)0b111_101_101);
            var run = await HostCommand.CheckedAsync("runuser", "-u", "nobody", "--", setuid, "-u");
            Assert.Equal("65534\n", run);
        }
        finally
        {
            WorkspaceHostChecks.Unmount(workspaces);
        }

        Assert.NotEqual(workspaces, WorkspaceHostChecks.FindMount(workspaces, File.ReadAllLines("/proc/self/mountinfo"))?.MountPoint);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
