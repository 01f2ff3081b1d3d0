using System.Runtime.Versioning;
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

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
