using Vibe.Docker.Errors;
using Vibe.Docker.Runtime;
using Vibe.Docker.Tests.Fixtures;

namespace Vibe.Docker.Tests;

[Collection(DockerCollection.Name)]
public sealed class ContainerRuntimeTests(DockerFixture docker)
{
    private DockerContainerRuntime Runtime => docker.Runtime;

    [Fact]
    public async Task A_container_is_created_started_inspected_listed_stopped_and_removed()
    {
        using var timeout = TestTimeout.Start();
        var spec = docker.Spec();

        var id = await Runtime.CreateAsync(spec, timeout.Token);
        var created = await Runtime.InspectAsync(id, timeout.Token);
        Assert.Equal(("created", false), (created!.Status, created.Running));
        Assert.Equal(spec.WorkspaceId, created.Labels[ContainerLabels.Workspace]);
        Assert.Equal(docker.RunId, created.Labels[DockerFixture.RunLabel]);

        Assert.True(await Runtime.StartAsync(id, timeout.Token));
        Assert.False(await Runtime.StartAsync(id, timeout.Token));
        var running = await Runtime.InspectAsync(spec.Name, timeout.Token);
        Assert.Equal((id, spec.Name, true, "running"), (running!.Id, running.Name, running.Running, running.Status));
        Assert.InRange(running.StartedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        var listed = Assert.Single(await Runtime.ListByLabelAsync(ContainerLabels.Workspace, spec.WorkspaceId, timeout.Token));
        Assert.Equal((id, spec.Name, "running"), (listed.Id, listed.Name, listed.State));
        Assert.InRange(listed.Created, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));

        Assert.True(await Runtime.StopAsync(id, TimeSpan.FromSeconds(5), timeout.Token));
        var stopped = await Runtime.InspectAsync(id, timeout.Token);
        Assert.Equal((false, "exited"), (stopped!.Running, stopped.Status));
        Assert.True(stopped.FinishedAt >= stopped.StartedAt);
        Assert.False(await Runtime.StopAsync(id, TimeSpan.FromSeconds(5), timeout.Token));

        await Runtime.RemoveAsync(id, timeout.Token);
        Assert.Null(await Runtime.InspectAsync(id, timeout.Token));
        Assert.Empty(await Runtime.ListByLabelAsync(ContainerLabels.Workspace, spec.WorkspaceId, timeout.Token));
        await Runtime.RemoveAsync(id, timeout.Token);
        Assert.False(await Runtime.StopAsync(id, TimeSpan.FromSeconds(5), timeout.Token));
    }

    [Fact]
    public async Task A_container_is_hardened_as_the_runtime_promises()
    {
        using var timeout = TestTimeout.Start();
        var limits = new ContainerLimits(NanoCpus: 500_000_000, MemoryBytes: 64L * 1024 * 1024, PidsLimit: 64);
        var spec = docker.Spec(limits: limits);
        var id = await docker.RunAsync(spec, timeout.Token);

        var inspect = await docker.Client.Containers.InspectContainerAsync(id, timeout.Token);
        var host = inspect.HostConfig!;
        Assert.Equal(["ALL"], host.CapDrop);
        Assert.Contains("no-new-privileges", host.SecurityOpt!);
        Assert.Equal(("json-file", "10485760", "3"), (host.LogConfig?.Type, host.LogConfig?.Config?["max-size"], host.LogConfig?.Config?["max-file"]));
        Assert.Equal((64L, 64L * 1024 * 1024, 64L * 1024 * 1024, 500_000_000L), (host.PidsLimit, host.Memory, host.MemorySwap, host.NanoCPUs));
        Assert.Equal((true, "none", true), (host.ReadonlyRootfs, host.NetworkMode, host.Init));
        Assert.Contains("size=", host.Tmpfs!["/tmp"], StringComparison.Ordinal);
        Assert.Equal("64000:64000", inspect.Config?.User);

        Assert.Equal("64000\n", (await ExecAsync(id, "id -u", timeout.Token)).Stdout);
        Assert.Equal("CapEff:\t0000000000000000\n", (await ExecAsync(id, "grep CapEff /proc/self/status", timeout.Token)).Stdout);
        Assert.Equal("NoNewPrivs:\t1\n", (await ExecAsync(id, "grep NoNewPrivs /proc/self/status", timeout.Token)).Stdout);
        var escape = await ExecAsync(id, "touch /escape", timeout.Token);
        Assert.NotEqual(0, escape.ExitCode);
        Assert.Contains("Read-only file system", escape.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await ExecAsync(id, "echo ok > /workspace/file && touch /tmp/scratch", timeout.Token)).ExitCode);
        Assert.Equal("ok\n", await File.ReadAllTextAsync(Path.Combine(spec.WorkspaceDirectory, "file"), timeout.Token));
        Assert.Equal("lo\n", (await ExecAsync(id, "ls /sys/class/net", timeout.Token)).Stdout);
    }

    [Fact]
    public async Task Exec_keeps_stdout_and_stderr_apart_and_reports_the_exit_code()
    {
        using var timeout = TestTimeout.Start();
        var id = await docker.RunAsync(docker.Spec(), timeout.Token);

        var result = await ExecAsync(id, "echo out; echo err >&2; echo out2; pwd; exit 5", timeout.Token);

        Assert.Equal(new ContainerExecResult(5, "out\nout2\n/workspace\n", "err\n", TimedOut: false, Truncated: false), result);
    }

    [Fact]
    public async Task Exec_output_beyond_the_cap_is_dropped_and_flagged()
    {
        using var timeout = TestTimeout.Start();
        var runtime = docker.NewRuntime(o => o.MaxExecOutputBytes = 1000);
        var id = await docker.RunAsync(docker.Spec(), timeout.Token);

        var result = await runtime.ExecAsync(id, ["sh", "-c", "yes | head -c 100000; yes | head -c 5000 >&2"], TimeSpan.FromSeconds(30), timeout.Token);

        Assert.Equal((0, 1000, 1000, true), (result.ExitCode, result.Stdout.Length, result.Stderr.Length, result.Truncated));
    }

    [Fact]
    public async Task Exec_that_outlives_its_timeout_returns_what_arrived_so_far()
    {
        using var timeout = TestTimeout.Start();
        var id = await docker.RunAsync(docker.Spec(), timeout.Token);

        var result = await Runtime.ExecAsync(id, ["sh", "-c", "echo early; exec sleep 30"], TimeSpan.FromSeconds(1), timeout.Token);

        Assert.Equal((true, -1, "early\n"), (result.TimedOut, result.ExitCode, result.Stdout));
    }

    [Fact]
    public async Task Engine_refusals_reach_callers_with_the_daemons_own_message()
    {
        using var timeout = TestTimeout.Start();
        var spec = docker.Spec();
        var id = await Runtime.CreateAsync(spec, timeout.Token);

        var taken = await Assert.ThrowsAsync<DockerConflictException>(() => Runtime.CreateAsync(spec with { WorkspaceId = "other" }, timeout.Token));
        Assert.StartsWith($"Conflict. The container name \"/{spec.Name}\" is already in use", taken.Message, StringComparison.Ordinal);
        var noImage = await Assert.ThrowsAsync<DockerNotFoundException>(() => Runtime.CreateAsync(docker.Spec(image: "vibe/no-such-image:never"), timeout.Token));
        Assert.Equal("No such image: vibe/no-such-image:never", noImage.Message);
        var notRunning = await Assert.ThrowsAsync<DockerConflictException>(() => Runtime.ExecAsync(id, ["true"], TimeSpan.FromSeconds(5), timeout.Token));
        Assert.Equal($"Container {id} is not running", notRunning.Message);
        var noContainer = await Assert.ThrowsAsync<DockerNotFoundException>(() => Runtime.StartAsync("vibe-no-such-container", timeout.Token));
        Assert.Equal("No such container: vibe-no-such-container", noContainer.Message);
        var noTemplate = await Assert.ThrowsAsync<ArgumentException>(() => Runtime.EnsureImageAsync("no-such-template", cancellationToken: timeout.Token));
        Assert.StartsWith("There is no template 'no-such-template'", noTemplate.Message, StringComparison.Ordinal);
    }

    private Task<ContainerExecResult> ExecAsync(string id, string script, CancellationToken cancellationToken) =>
        Runtime.ExecAsync(id, ["sh", "-c", script], TimeSpan.FromSeconds(30), cancellationToken);
}
