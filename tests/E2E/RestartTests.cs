using Vibe.TestSupport;
using static Vibe.E2E.Tests.Fixtures.TestWorkspaces;

namespace Vibe.E2E.Tests;

/// <summary>
/// The embedded default (one WebFront process, its silo's state and reminders in SQLite in the data directory) keeps
/// its workspaces across a restart of the process: each is still there with its status, and a running one is still
/// stopped when it goes idle, by the idle-stop reminder stored before the restart.
/// </summary>
public sealed class RestartTests(IdleStopApp fixture) : IClassFixture<IdleStopApp>
{
    private VibeApp App => fixture.App;

    [Fact]
    public async Task Workspaces_and_their_idle_stop_survive_a_restart_of_the_process()
    {
        var email = UniqueEmail("restarter");
        var before = await App.Api.RegisterAsync(email, Ui.Password, "Rita Restart");
        var parked = await before.CreateWorkspaceAsync("parked", "blank");
        var running = await CreateRunningAsync(before, "running");
        // Activity just before the restart: the idle timeout counts from here.
        await before.WriteFileAsync(running.Id, "note.txt", "written before the restart");

        await App.RestartAsync();

        var after = await App.Api.LoginAsync(email, Ui.Password);
        var listed = (await after.ListWorkspacesAsync()).ToDictionary(w => w.Id, w => (w.Name, w.Status));
        Assert.Equal(("parked", parked.Status), listed[parked.Id]);
        Assert.Equal(("running", "running"), listed[running.Id]);
        Assert.Equal(parked.Status, (await after.GetWorkspaceAsync(parked.Id)).Status);
        var fromGrain = await after.GetWorkspaceAsync(running.Id);
        Assert.Equal(("running", "running"), (fromGrain.Name, fromGrain.Status));
        Assert.Equal("written before the restart", await after.ReadFileAsync(running.Id, "note.txt"));

        // Nobody uses it after that (the listing reads the index): the reminder stored before the restart fires, finds it idle and stops it.
        await Eventually.Until(
            async () => (await after.ListWorkspacesAsync()).Single(w => w.Id == running.Id).Status == "stopped",
            "the running workspace to be stopped as idle after the restart",
            IdleStopApp.IdleTimeout + TimeSpan.FromSeconds(60));
        Assert.Contains($"Workspace {running.Id} idle for", App.ServerOutput, StringComparison.Ordinal);
    }
}
