using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Vibe.Grains.Interfaces.Documents;
using Vibe.WebFront.Hubs;
using Vibe.WebFront.Tests.Hubs;
using Vibe.WebFront.Tests.Workspaces;

namespace Vibe.WebFront.Tests.Documents;

/// <summary>
/// A whole WebFront served by Kestrel on a loopback port with the document grains in it, and the Node collab client
/// (collab-client/: real <c>@microsoft/signalr</c>, <c>@codemirror/collab</c> and <c>@codemirror/state</c>) beside it;
/// files are arranged and read back through the REST API, the grain's text is read from the grain itself. The server
/// and client are a <see cref="HubTestApp"/> started with the collab client.
/// </summary>
internal sealed class DocumentTestApp : IAsyncDisposable
{
    private readonly HubTestApp _hub;

    private DocumentTestApp(HubTestApp hub) => _hub = hub;

    public WorkspaceTestApp Rest => _hub.Rest;

    public WebFrontFactory Factory => _hub.Factory;

    public Uri HubUrl => _hub.HubUrl;

    /// <summary>The Node process holding the test's hub connections (each test names its own) and running simulations.</summary>
    public HubClientProcess Client => _hub.Client;

    public StreamFanOut FanOut => _hub.FanOut;

    /// <summary>The server's cursor bookkeeping: which documents each hub connection has open.</summary>
    public OpenDocuments OpenDocuments => Factory.Services.GetRequiredService<OpenDocuments>();

    /// <param name="fixture">The collection's fixture.</param>
    /// <param name="settings">Configuration to add or override.</param>
    public static async Task<DocumentTestApp> StartAsync(WebFrontFixture fixture, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var hub = await HubTestApp.StartAsync(fixture, settings, StartCollabClient);
        return new DocumentTestApp(hub);
    }

    /// <summary>A collab client of its own beside <paramref name="server"/>'s app (shared by the test class).</summary>
    public static async Task<DocumentTestApp> StartAsync(SharedServer server) =>
        new(await HubTestApp.StartAsync(server, StartCollabClient));

    private static Task<HubClientProcess> StartCollabClient() =>
        HubClientProcess.StartAsync(Path.Combine(HubClientProcess.FindRepositoryRoot(), "tests", "WebFront.Tests", "Documents", "collab-client"), "collab-client.mjs");

    /// <summary>Opens a hub connection named <paramref name="client"/> as <paramref name="user"/>.</summary>
    public Task<string> ConnectAsync(string client, TestUser user) => _hub.ConnectAsync(client, user);

    /// <summary>Creates a workspace (in <paramref name="teamId"/> when given) holding <paramref name="path"/> with <paramref name="text"/>; returns its id.</summary>
    public async Task<string> CreateWorkspaceWithFileAsync(TestUser owner, string path, string text, Guid? teamId = null)
    {
        var workspaceId = await Rest.CreateWorkspaceAsync(owner, teamId, "documents test");
        await WriteFileAsync(owner, workspaceId, path, text);
        return workspaceId;
    }

    public async Task WriteFileAsync(TestUser user, string workspaceId, string path, string text)
    {
        var status = await Rest.WriteFileAsync(user, workspaceId, path, Encoding.UTF8.GetBytes(text));
        Assert.Equal(HttpStatusCode.NoContent, status);
    }

    /// <summary>The file's content on disk, through the file API.</summary>
    public async Task<string> ReadFileAsync(TestUser user, string workspaceId, string path)
    {
        var (status, _, content) = await Rest.ReadFileAsync(user, workspaceId, path);
        Assert.Equal(HttpStatusCode.OK, status);
        return Encoding.UTF8.GetString(content);
    }

    /// <summary>The document grain itself (its text is the authority the clients converge on).</summary>
    public IDocumentGrain Document(string workspaceId, string path) =>
        Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IDocumentGrain>(DocumentKeys.Format(workspaceId, path));

    public ValueTask DisposeAsync() => _hub.DisposeAsync();
}
