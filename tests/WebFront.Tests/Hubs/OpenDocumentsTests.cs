using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans;
using Vibe.Grains.Interfaces.Documents;
using Vibe.WebFront.Hubs;
using Vibe.WebFront.Tests.Workspaces;

namespace Vibe.WebFront.Tests.Hubs;

/// <summary>
/// The cursor bookkeeping of hub connections, on the shared server's real document grains (a bookkeeping of its own, so
/// the server's hub connections do not interfere): limits, and which cursors closing a document or leaving removes.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class OpenDocumentsTests(SharedServer server) : IClassFixture<SharedServer>
{
    private const string Text = "hello\nworld\n";

    private readonly WorkspaceTestApp _rest = WorkspaceTestApp.Shared(server);

    private IGrainFactory Grains => server.Factory.Services.GetRequiredService<IGrainFactory>();

    [Fact]
    public void A_connection_opens_at_most_the_given_number_of_documents_and_reopening_one_counts_once()
    {
        var documents = new OpenDocuments(Grains, NullLogger<OpenDocuments>.Instance);
        var connection = documents.Of("connection-1");

        Assert.True(connection.TryOpen("w1:a.txt", maxDocuments: 2));
        Assert.True(connection.TryOpen("w1:a.txt", maxDocuments: 2));
        Assert.True(connection.TryOpen("w1:b.txt", maxDocuments: 2));
        Assert.False(connection.TryOpen("w1:c.txt", maxDocuments: 2));

        // Another connection has its own record.
        Assert.Same(connection, documents.Of("connection-1"));
        Assert.True(documents.Of("connection-2").TryOpen("w1:c.txt", maxDocuments: 2));
    }

    [Fact]
    public void A_cursor_is_refused_in_a_document_not_open_and_beyond_the_client_limit()
    {
        var connection = new OpenDocuments(Grains, NullLogger<OpenDocuments>.Instance).Of("connection-1");

        Assert.False(connection.TrySetPresence(Presence("w1:a.txt", "editor-1"), maxClients: 2));

        connection.TryOpen("w1:a.txt", maxDocuments: 10);
        Assert.True(connection.TrySetPresence(Presence("w1:a.txt", "editor-1"), maxClients: 2));
        Assert.True(connection.TrySetPresence(Presence("w1:a.txt", "editor-2"), maxClients: 2));
        Assert.True(connection.TrySetPresence(Presence("w1:a.txt", "editor-1"), maxClients: 2)); // a moved cursor, not a new one
        Assert.False(connection.TrySetPresence(Presence("w1:a.txt", "editor-3"), maxClients: 2));
    }

    [Fact]
    public async Task Closing_a_document_removes_the_connections_cursors_there_and_leaving_removes_them_everywhere()
    {
        var owner = await server.Factory.RegisterAsync();
        var workspaceId = await _rest.CreateWorkspaceAsync(owner, name: "open documents test");
        string[] paths = ["a.txt", "b.txt", "c.txt"];
        foreach (var path in paths)
        {
            Assert.Equal(HttpStatusCode.NoContent, await _rest.WriteFileAsync(owner, workspaceId, path, Encoding.UTF8.GetBytes(Text)));
        }

        var documents = new OpenDocuments(Grains, NullLogger<OpenDocuments>.Instance);
        var keys = paths.Select(path => DocumentKeys.Format(workspaceId, path)).ToArray();
        foreach (var key in keys)
        {
            await Grains.GetGrain<IDocumentGrain>(key).Open();
            await ShowAsync(documents, "mine", Presence(key, "editor-mine"));
            await ShowAsync(documents, "theirs", Presence(key, "editor-theirs"));
        }

        // Closing a.txt removes this connection's cursor there, and only there.
        await documents.CloseAsync("mine", keys[0]);
        Assert.Equal(["editor-theirs"], await ShownAsync(keys[0]));
        Assert.Equal(["editor-mine", "editor-theirs"], await ShownAsync(keys[1]));
        Assert.False(documents.Of("mine").IsOpen(keys[0]));

        // Leaving removes its cursors from every document it still had open, and forgets the connection.
        await documents.LeaveAllAsync("mine");
        Assert.Equal(["editor-theirs"], await ShownAsync(keys[1]));
        Assert.Equal(["editor-theirs"], await ShownAsync(keys[2]));
        Assert.False(documents.Knows("mine"));
        Assert.True(documents.Knows("theirs"));
    }

    private async Task ShowAsync(OpenDocuments documents, string connectionId, DocumentPresence presence)
    {
        var connection = documents.Of(connectionId);
        Assert.True(connection.TryOpen(presence.DocumentKey, maxDocuments: 10));
        Assert.True(connection.TrySetPresence(presence, maxClients: 10));
        await Grains.GetGrain<IDocumentGrain>(presence.DocumentKey).SetPresence(presence);
    }

    private async Task<string[]> ShownAsync(string documentKey) =>
        [.. (await Grains.GetGrain<IDocumentGrain>(documentKey).GetPresence()).Where(p => !p.Left).Select(p => p.ClientId).Order(StringComparer.Ordinal)];

    private static DocumentPresence Presence(string documentKey, string clientId) =>
        new(documentKey, clientId, Guid.Empty.ToString("D"), "Ada", "#123456", 0, [new DocumentSelectionRange(1, 2)], Left: false);
}
