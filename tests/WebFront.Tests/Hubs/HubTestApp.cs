using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Streams;
using Vibe.Grains.Interfaces.Agents;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.TestSupport;
using Vibe.WebFront.Hubs;
using Vibe.WebFront.Tests.Workspaces;

namespace Vibe.WebFront.Tests.Hubs;

/// <summary>
/// A whole WebFront served by Kestrel on a loopback port (the Node client needs a real socket), the real SignalR client
/// beside it, and what the hub tests arrange and observe with: workspaces through the REST API, the fan-out's counts,
/// the stream subscriptions in the rendezvous, the terminal output a connection received.
/// </summary>
internal sealed class HubTestApp : IAsyncDisposable
{
    private HubTestApp(WorkspaceTestApp rest, Uri hubUrl, HubClientProcess client)
    {
        Rest = rest;
        HubUrl = hubUrl;
        Client = client;
    }

    /// <summary>The REST calls of the workspace tests, on the same app.</summary>
    public WorkspaceTestApp Rest { get; }

    public WebFrontFactory Factory => Rest.Factory;

    public Uri HubUrl { get; }

    /// <summary>The Node process holding the test's hub connections (each test names its own).</summary>
    public HubClientProcess Client { get; }

    public StreamFanOut FanOut => Factory.Services.GetRequiredService<StreamFanOut>();

    /// <param name="fixture">The collection's fixture.</param>
    /// <param name="settings">Configuration to add or override.</param>
    /// <param name="startClient">Starts the Node client once the server listens (the hub-client package when null).</param>
    /// <param name="services">Changes to the app's services (e.g. <see cref="GrainFaults.Install"/>).</param>
    public static async Task<HubTestApp> StartAsync(
        WebFrontFixture fixture,
        IReadOnlyDictionary<string, string?>? settings = null,
        Func<Task<HubClientProcess>>? startClient = null,
        Action<IServiceCollection>? services = null)
    {
        var factory = await fixture.CreateFactoryAsync(settings, services);
        return await StartAsync(factory, startClient);
    }

    /// <summary>Serves <paramref name="factory"/> (an app made by the caller, e.g. on the database of an app it stopped) with a hub client beside it; disposing the result disposes it.</summary>
    public static async Task<HubTestApp> StartAsync(WebFrontFactory factory, Func<Task<HubClientProcess>>? startClient = null)
    {
        try
        {
            var hubUrl = Serve(factory);
            var client = await (startClient?.Invoke() ?? HubClientProcess.StartAsync(HubClientProcess.FindRepositoryRoot()));
            return new HubTestApp(new WorkspaceTestApp(factory), hubUrl, client);
        }
        catch
        {
            await factory.DisposeAsync();
            throw;
        }
    }

    /// <summary>A hub client of its own beside <paramref name="server"/>'s app, which outlives it (the class fixture disposes it).</summary>
    public static async Task<HubTestApp> StartAsync(SharedServer server, Func<Task<HubClientProcess>>? startClient = null)
    {
        var client = await (startClient?.Invoke() ?? HubClientProcess.StartAsync(HubClientProcess.FindRepositoryRoot()));
        return new HubTestApp(new WorkspaceTestApp(server.Factory, ownsFactory: false), server.HubUrl, client);
    }

    /// <summary>Starts <paramref name="factory"/>'s app on Kestrel on a free loopback port and returns its hub's URL.</summary>
    internal static Uri Serve(WebFrontFactory factory)
    {
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(new Uri(address), WorkspaceHub.Path);
    }

    /// <summary>Opens a hub connection named <paramref name="client"/> as <paramref name="user"/>.</summary>
    public Task<string> ConnectAsync(string client, TestUser user) => Client.ConnectAsync(client, HubUrl, user.AccessToken);

    /// <summary>Creates a blank workspace (in <paramref name="teamId"/> when given) and returns its id; with <paramref name="start"/> it is running on return.</summary>
    public async Task<string> CreateWorkspaceAsync(TestUser user, bool start, Guid? teamId = null)
    {
        var id = await Rest.CreateWorkspaceAsync(user, teamId, "hub test");
        if (start)
        {
            await StartWorkspaceAsync(user, id);
        }

        return id;
    }

    public Task StartWorkspaceAsync(TestUser user, string workspaceId) => Rest.CallAsync(user, HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/start");

    public Task StopWorkspaceAsync(TestUser user, string workspaceId) => Rest.CallAsync(user, HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/stop");

    /// <summary>
    /// How many consumers Orleans' stream pub-sub has registered for a workspace stream: the hub's fan-out is the only
    /// consumer of them, so this is the number of subscriptions it holds (the app's silo is the whole cluster).
    /// </summary>
    public Task<int> StreamConsumersAsync(string streamNamespace, string key) =>
        StreamPubSub(Factory.Services).ConsumerCount(new QualifiedStreamId(WorkspaceStreams.Provider, StreamId.Create(streamNamespace, key)));

    /// <summary>The silo's explicit-subscription pub-sub; Orleans keeps the runtime that hands it out internal, so it is found by name.</summary>
    private static IStreamPubSub StreamPubSub(IServiceProvider services)
    {
        var runtimeType = typeof(IStreamPubSub).Assembly.GetType("Orleans.Streams.IStreamProviderRuntime", throwOnError: true)!;
        var runtime = services.GetRequiredService(runtimeType);
        var pubSub = runtimeType.GetMethod("PubSub")!.Invoke(runtime, [StreamPubSubType.ExplicitGrainBasedOnly]);
        return (IStreamPubSub)pubSub!;
    }

    /// <summary>The output of a terminal session as <paramref name="client"/> received it, from <paramref name="fromOffset"/> on (as a client that attached there shows it).</summary>
    public string TerminalText(string client, string sessionId, long fromOffset)
    {
        var text = new StringBuilder();
        var outputs = Client.Events
            .Where(e => e.Is("terminalOutput", client) && e.Arg.GetProperty("sessionId").GetString() == sessionId)
            .Select(e => (Offset: e.Arg.GetProperty("offset").GetInt64(), Data: e.Arg.GetProperty("data").GetString()!))
            .OrderBy(o => o.Offset);
        foreach (var (offset, data) in outputs)
        {
            if (offset + data.Length <= fromOffset)
            {
                continue;
            }

            text.Append(offset < fromOffset ? data[(int)(fromOffset - offset)..] : data);
        }

        return text.ToString();
    }

    /// <summary>Waits until <paramref name="client"/> has received terminal output (from <paramref name="fromOffset"/>) containing <paramref name="expected"/>.</summary>
    public async Task WaitForTerminalTextAsync(string client, string sessionId, long fromOffset, string expected)
    {
        try
        {
            await Eventually.Until(
                () => TerminalText(client, sessionId, fromOffset).Contains(expected, StringComparison.Ordinal),
                $"'{expected}' in the terminal output {client} received",
                TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message}; it received: '{TerminalText(client, sessionId, fromOffset)}'", timeout);
        }
    }
    /// <summary>Publishes status events whose reasons are e{from}..e{to} on the workspace's status stream, each acknowledged (on Kafka: stored) before the next.</summary>
    public async Task EmitStatusAsync(string workspaceId, int from, int to)
    {
        var stream = Factory.Services.GetRequiredService<IClusterClient>()
            .GetStreamProvider(WorkspaceStreams.Provider)
            .GetStream<WorkspaceStatusChanged>(StreamId.Create(WorkspaceStreams.Status, workspaceId));
        for (var i = from; i <= to; i++)
        {
            await stream.OnNextAsync(new WorkspaceStatusChanged(workspaceId, WorkspaceStatus.Stopped, WorkspaceStatus.Stopped, DateTimeOffset.UtcNow, $"e{i}"));
        }
    }

    /// <summary>Publishes text events a{from}..a{to} of the agent run <paramref name="runId"/> on the workspace's agent stream.</summary>
    public async Task EmitAgentAsync(string workspaceId, string runId, int from, int to)
    {
        var stream = Factory.Services.GetRequiredService<IClusterClient>()
            .GetStreamProvider(WorkspaceStreams.Provider)
            .GetStream<AgentRunEvent>(StreamId.Create(AgentStreams.Events, workspaceId));
        for (var i = from; i <= to; i++)
        {
            await stream.OnNextAsync(new AgentRunEvent(workspaceId, runId, i, AgentRunEventKind.TextDelta, DateTimeOffset.UtcNow, $"a{i}"));
        }
    }

    /// <summary>Waits until <paramref name="client"/> received the status event whose reason is <paramref name="reason"/>.</summary>
    public Task<HubClientEvent> WaitForStatusAsync(string client, string reason) =>
        Client.WaitForAsync(e => e.Is("status", client) && e.Arg.TryGetProperty("reason", out var r) && r.GetString() == reason, $"{client}'s status event {reason}");


    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Rest.DisposeAsync();
    }
}
