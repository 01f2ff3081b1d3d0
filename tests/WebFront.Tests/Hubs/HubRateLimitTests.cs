using System.Diagnostics;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.TestSupport;

namespace Vibe.WebFront.Tests.Hubs;

/// <summary>
/// The hub's watching methods (join or resume a workspace, mark its logs, terminals, documents, the agent, the files) are
/// rate-limited per user over all their connections, through the real @microsoft/signalr client: a script calling one in
/// a loop gets a clear refusal, other users and other methods are untouched, permits come back over the window, and a
/// call the server retries after a cluster failure counts once.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class HubRateLimitTests(WebFrontFixture fixture) : HubAppTests(fixture)
{
    private const int PermitLimit = 5;

    private const string Refusal = "HubException: Too many requests to watch workspaces, terminals or documents in a short time; try again in ";

    private readonly GrainFaults _faults = new();

    private protected override Task<HubTestApp> StartAppAsync(WebFrontFixture webFront) =>
        HubTestApp.StartAsync(
            webFront,
            new Dictionary<string, string?>
            {
                ["Vibe:Hub:RateLimit:PermitLimit"] = PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),

                // One permit back every 12 s: none comes back while the test spends its five.
                ["Vibe:Hub:RateLimit:Window"] = "00:01:00",
            },
            services: services => GrainFaults.Install(services, _faults));

    [Fact]
    public async Task Watching_calls_beyond_the_limit_are_refused_for_that_user_on_every_connection_until_permits_come_back()
    {
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: false);
        await App.ConnectAsync("looping", Owner);
        await App.ConnectAsync("second-tab", Owner);
        for (var call = 0; call < PermitLimit - 2; call++)
        {
            await App.Client.InvokeAsync("looping", "JoinWorkspace", workspaceId);
        }

        await App.Client.InvokeAsync("looping", "MarkLogs", workspaceId);
        await App.Client.InvokeAsync("second-tab", "WatchFiles", workspaceId);
        var spent = Stopwatch.StartNew();

        var refused = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("looping", "ResumeWorkspace", workspaceId, null, null));
        Assert.Contains(Refusal, refused.Message, StringComparison.Ordinal);
        var onTheOtherTab = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("second-tab", "WatchAgent", workspaceId));
        Assert.Contains(Refusal, onTheOtherTab.Message, StringComparison.Ordinal);

        // Calls that start watching nothing are not counted, and the connection stays usable.
        Assert.Empty((await App.Client.InvokeAsync("looping", "ListTerminals", workspaceId)).EnumerateArray());
        await App.Client.InvokeAsync("looping", "LeaveWorkspace", workspaceId);

        // Another user has permits of their own.
        var other = await App.Factory.RegisterAsync();
        var othersWorkspace = await App.CreateWorkspaceAsync(other, start: false);
        await App.ConnectAsync("other-user", other);
        await App.Client.InvokeAsync("other-user", "JoinWorkspace", othersWorkspace);

        // A permit comes back a fifth of a minute after the last was spent, not before.
        await Eventually.Until(
            async () =>
            {
                try
                {
                    await App.Client.InvokeAsync("looping", "JoinWorkspace", workspaceId);
                    return true;
                }
                catch (HubClientException refusedAgain) when (refusedAgain.Message.Contains(Refusal, StringComparison.Ordinal))
                {
                    return false;
                }
            },
            "a permit to come back",
            TimeSpan.FromSeconds(40));
        Assert.True(spent.Elapsed > TimeSpan.FromSeconds(5), $"A permit came back after {spent.Elapsed.TotalSeconds:0.0} s; the window gives one every 12 s.");
    }

    [Fact]
    public async Task A_watching_call_the_server_tries_three_times_after_cluster_failures_spends_one_permit()
    {
        var workspaceId = await App.CreateWorkspaceAsync(Owner, start: false);
        await App.ConnectAsync("tab", Owner);
        _faults.Fail<IWorkspaceGrain>(nameof(IWorkspaceGrain.GetInfo), times: 2);

        await App.Client.InvokeAsync("tab", "JoinWorkspace", workspaceId);

        Assert.Equal(3, _faults.Calls<IWorkspaceGrain>(nameof(IWorkspaceGrain.GetInfo)));
        for (var call = 1; call < PermitLimit; call++)
        {
            await App.Client.InvokeAsync("tab", "JoinWorkspace", workspaceId);
        }

        var refused = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("tab", "JoinWorkspace", workspaceId));
        Assert.Contains(Refusal, refused.Message, StringComparison.Ordinal);
    }
}
