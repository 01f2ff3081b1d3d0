using Vibe.Docker.Containers;
using Vibe.Docker.Errors;
using Vibe.Docker.Tests.Fixtures;

namespace Vibe.Docker.Tests;

[Collection(DockerCollection.Name)]
public sealed class ContainerLifecycleTests(DockerFixture docker)
{
    [Fact]
    public async Task A_container_is_created_started_inspected_listed_by_label_stopped_and_removed()
    {
        using var timeout = TestTimeout.Start();
        var workspace = $"ws-{Guid.NewGuid():N}";
        var parameters = docker.Container("sleep", "600");
        parameters.Labels!["io.vibe.workspace"] = workspace;
        parameters.Env = ["GREETING=hello"];
        parameters.WorkingDir = "/tmp";
        parameters.ExposedPorts = new Dictionary<string, EmptyObject> { ["8080/tcp"] = EmptyObject.Instance };
        parameters.HostConfig!.Init = true;

        var created = await docker.Client.Containers.CreateAsync(parameters, timeout.Token);
        var createdState = await docker.Client.Containers.InspectAsync(created.Id, timeout.Token);
        Assert.Equal("created", createdState.State.Status);

        Assert.True(await docker.Client.Containers.StartAsync(created.Id, timeout.Token));
        Assert.False(await docker.Client.Containers.StartAsync(created.Id, timeout.Token));
        var running = await docker.Client.Containers.InspectAsync(parameters.Name!, timeout.Token);
        Assert.Equal(created.Id, running.Id);
        Assert.Equal("/" + parameters.Name, running.Name);
        Assert.True(running.State.Running);
        Assert.Equal("running", running.State.Status);
        Assert.True(running.State.Pid > 0);
        Assert.True(running.State.StartedAt > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal("/tmp", running.Config?.WorkingDir);
        Assert.Contains("8080/tcp", running.Config!.ExposedPorts!.Keys);
        Assert.Equal(workspace, running.Config.Labels?["io.vibe.workspace"]);

        var listed = await docker.Client.Containers.ListAsync(all: true, DockerFilters.ByLabel("io.vibe.workspace", workspace), timeout.Token);
        var summary = Assert.Single(listed);
        Assert.Equal(created.Id, summary.Id);
        Assert.Equal("running", summary.State);

        Assert.True(await docker.Client.Containers.StopAsync(created.Id, TimeSpan.FromSeconds(5), timeout.Token));
        var stopped = await docker.Client.Containers.InspectAsync(created.Id, timeout.Token);
        Assert.False(stopped.State.Running);
        Assert.Equal("exited", stopped.State.Status);
        Assert.True(stopped.State.FinishedAt >= stopped.State.StartedAt);
        Assert.False(await docker.Client.Containers.StopAsync(created.Id, cancellationToken: timeout.Token));

        await docker.Client.Containers.RemoveAsync(created.Id, cancellationToken: timeout.Token);
        Assert.Null(await docker.Client.Containers.TryInspectAsync(created.Id, timeout.Token));
        Assert.Empty(await docker.Client.Containers.ListAsync(all: true, DockerFilters.ByLabel("io.vibe.workspace", workspace), timeout.Token));
    }

    [Fact]
    public async Task Wait_returns_the_exit_code_of_the_main_process()
    {
        using var timeout = TestTimeout.Start();
        var id = await docker.RunAsync(docker.Container("sh", "-c", "exit 42"), timeout.Token);

        Assert.Equal(42, await docker.Client.Containers.WaitAsync(id, timeout.Token));
        var state = (await docker.Client.Containers.InspectAsync(id, timeout.Token)).State;
        Assert.Equal(42, state.ExitCode);
        Assert.False(state.OomKilled);
    }

    [Fact]
    public async Task Restart_gives_the_container_a_new_process()
    {
        using var timeout = TestTimeout.Start();
        var parameters = docker.Container("sleep", "600");
        parameters.HostConfig!.Init = true;
        var id = await docker.RunAsync(parameters, timeout.Token);
        var before = await docker.Client.Containers.InspectAsync(id, timeout.Token);

        await docker.Client.Containers.RestartAsync(id, TimeSpan.FromSeconds(1), timeout.Token);

        var after = await docker.Client.Containers.InspectAsync(id, timeout.Token);
        Assert.True(after.State.Running);
        Assert.NotEqual(before.State.Pid, after.State.Pid);
    }

    [Fact]
    public async Task Kill_sends_the_signal_and_killing_a_stopped_container_is_a_conflict()
    {
        using var timeout = TestTimeout.Start();
        var id = await docker.RunAsync(docker.Container("sleep", "600"), timeout.Token);

        await docker.Client.Containers.KillAsync(id, "SIGKILL", timeout.Token);

        Assert.Equal(137, await docker.Client.Containers.WaitAsync(id, timeout.Token));
        await Assert.ThrowsAsync<DockerConflictException>(() => docker.Client.Containers.KillAsync(id, cancellationToken: timeout.Token));
    }

    [Fact]
    public async Task A_taken_name_is_a_conflict()
    {
        using var timeout = TestTimeout.Start();
        var parameters = docker.Container();
        await docker.Client.Containers.CreateAsync(parameters, timeout.Token);

        var error = await Assert.ThrowsAsync<DockerConflictException>(() => docker.Client.Containers.CreateAsync(parameters, timeout.Token));

        Assert.Contains(parameters.Name!, error.Message, StringComparison.Ordinal);
        Assert.Contains("already in use", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rename_gives_the_container_a_new_name_and_a_taken_name_is_a_conflict()
    {
        using var timeout = TestTimeout.Start();
        var first = await docker.Client.Containers.CreateAsync(docker.Container(), timeout.Token);
        var other = docker.Container();
        await docker.Client.Containers.CreateAsync(other, timeout.Token);
        var newName = docker.UniqueName();

        await docker.Client.Containers.RenameAsync(first.Id, newName, timeout.Token);

        Assert.Equal(first.Id, (await docker.Client.Containers.InspectAsync(newName, timeout.Token)).Id);
        var taken = await Assert.ThrowsAsync<DockerConflictException>(() => docker.Client.Containers.RenameAsync(first.Id, other.Name!, timeout.Token));
        Assert.Contains(other.Name!, taken.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DockerNotFoundException>(() => docker.Client.Containers.RenameAsync("no-such-container-" + docker.RunId, newName + "-2", timeout.Token));
    }

    [Fact]
    public async Task Removing_a_running_container_without_force_is_a_conflict_and_with_force_succeeds()
    {
        using var timeout = TestTimeout.Start();
        var id = await docker.RunAsync(docker.Container(), timeout.Token);

        await Assert.ThrowsAsync<DockerConflictException>(() => docker.Client.Containers.RemoveAsync(id, cancellationToken: timeout.Token));

        await docker.Client.Containers.RemoveAsync(id, force: true, cancellationToken: timeout.Token);
        Assert.Null(await docker.Client.Containers.TryInspectAsync(id, timeout.Token));
    }

    [Fact]
    public async Task A_missing_image_is_not_found_and_nothing_is_pulled()
    {
        using var timeout = TestTimeout.Start();
        var parameters = docker.Container();
        parameters.Image = "vibe/no-such-image:never";

        var error = await Assert.ThrowsAsync<DockerNotFoundException>(() => docker.Client.Containers.CreateAsync(parameters, timeout.Token));

        Assert.Contains("No such image", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operations_on_an_unknown_container_are_not_found()
    {
        using var timeout = TestTimeout.Start();

        var error = await Assert.ThrowsAsync<DockerNotFoundException>(() => docker.Client.Containers.StartAsync("vibe-no-such-container", timeout.Token));

        Assert.Contains("No such container", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_removed_containers_disappear_after_exit()
    {
        using var timeout = TestTimeout.Start();
        var parameters = docker.Container("true");
        parameters.HostConfig!.AutoRemove = true;
        var created = await docker.Client.Containers.CreateAsync(parameters, timeout.Token);
        var removed = docker.Client.Events.MonitorAsync(
            new Events.EventsParameters { Since = DateTimeOffset.UtcNow.AddSeconds(-1), Filters = new DockerFilters().Add("container", created.Id).Add("event", "destroy") },
            timeout.Token).GetAsyncEnumerator(timeout.Token);

        await docker.Client.Containers.StartAsync(created.Id, timeout.Token);

        Assert.True(await removed.MoveNextAsync());
        Assert.Equal("destroy", removed.Current.Action);
        await removed.DisposeAsync();
        Assert.Null(await docker.Client.Containers.TryInspectAsync(created.Id, timeout.Token));
    }
}
