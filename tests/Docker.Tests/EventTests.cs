using Vibe.Docker.Events;
using Vibe.Docker.Tests.Fixtures;

namespace Vibe.Docker.Tests;

[Collection(DockerCollection.Name)]
public sealed class EventTests(DockerFixture docker)
{
    [Fact]
    public async Task Killing_a_container_produces_a_die_event_with_its_exit_code()
    {
        using var timeout = TestTimeout.Start();
        var id = await docker.RunAsync(docker.Container(), timeout.Token);
        var startedAt = (await docker.Client.Containers.InspectAsync(id, timeout.Token)).State.StartedAt;
        // Since = the start time: the daemon replays what happened before the subscription, so nothing is missed.
        var parameters = new EventsParameters
        {
            Since = startedAt,
            Filters = new DockerFilters().Add("type", "container").Add("container", id).Add("event", "die"),
        };
        await using var events = docker.Client.Events.MonitorAsync(parameters, timeout.Token).GetAsyncEnumerator(timeout.Token);

        await docker.Client.Containers.KillAsync(id, "SIGKILL", timeout.Token);

        Assert.True(await events.MoveNextAsync());
        var die = events.Current;
        Assert.Equal("container", die.Type);
        Assert.Equal("die", die.Action);
        Assert.Equal(id, die.Actor.ID);
        Assert.Equal(137, die.ExitCode);
        Assert.Equal(docker.RunId, die.Actor.Attributes?[DockerFixture.RunLabel]);
        Assert.InRange(die.Timestamp, startedAt.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [Fact]
    public async Task Label_filters_select_the_events_of_labelled_containers()
    {
        using var timeout = TestTimeout.Start();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var parameters = new EventsParameters
        {
            Since = since,
            Filters = DockerFilters.ByLabel(DockerFixture.RunLabel, docker.RunId).Add("event", "start"),
        };
        await using var events = docker.Client.Events.MonitorAsync(parameters, timeout.Token).GetAsyncEnumerator(timeout.Token);

        var id = await docker.RunAsync(docker.Container(), timeout.Token);

        // Other tests' containers share the label; wait for ours.
        while (await events.MoveNextAsync())
        {
            if (events.Current.Actor.ID == id)
            {
                Assert.Equal("start", events.Current.Action);
                return;
            }
        }

        Assert.Fail("The event stream ended without our start event.");
    }
}
