using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Core.Internal;
using Vibe.Grains.Documents;
using Vibe.Grains.Interfaces.Documents;
using Vibe.TestSupport;
using Vibe.WebFront.Hubs;
using Vibe.WebFront.Tests.Hubs;

namespace Vibe.WebFront.Tests.Documents;

/// <summary>The document methods of the workspace hub through the real @microsoft/signalr client: open, push, pull, presence, permissions, bad input.</summary>
[Collection(WebFrontCollection.Name)]
public sealed class DocumentHubTests(SharedServer server) : IClassFixture<SharedServer>, IAsyncLifetime
{
    private const string Text = "hello\nworld\n";

    private DocumentTestApp? _app;
    private TestUser? _owner;

    private DocumentTestApp App => _app!;

    private TestUser Owner => _owner!;

    public async Task InitializeAsync()
    {
        _app = await DocumentTestApp.StartAsync(server);
        _owner = await App.Factory.RegisterAsync(displayName: "Ada Owner");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Opening_a_document_returns_the_file_text_its_version_and_the_callers_colour()
    {
        var workspaceId = await App.CreateWorkspaceWithFileAsync(Owner, "notes/a.txt", "hello\r\nworld 😀\n");
        await App.ConnectAsync("opener", Owner);

        // The path is normalised as the file API does it.
        var opened = await App.Client.InvokeAsync("opener", "OpenDocument", workspaceId, "./notes//a.txt");

        Assert.Equal("notes/a.txt", opened.GetProperty("path").GetString());
        Assert.Equal(0, opened.GetProperty("version").GetInt32());
        Assert.Equal("hello\nworld 😀\n", opened.GetProperty("text").GetString());
        Assert.True(opened.GetProperty("canEdit").GetBoolean());
        Assert.Empty(opened.GetProperty("presence").EnumerateArray());
        Assert.Matches("^#[0-9a-f]{6}$", opened.GetProperty("color").GetString());
    }

    [Fact]
    public async Task A_push_from_one_editor_reaches_the_other_as_document_updates_and_changes_the_text()
    {
        var workspaceId = await OpenInTwoEditorsAsync("push.txt", "push");

        var pushed = await App.Client.InvokeAsync("push-a", "PushDocumentUpdates", workspaceId, "push.txt", 0, new[] { Update("client-a", "[5,[0,\" there\",\"my\"],7]") });

        Assert.True(pushed.GetProperty("accepted").GetBoolean());
        Assert.Equal(1, pushed.GetProperty("version").GetInt32());
        var received = (await App.Client.WaitForAsync(e => e.Is("documentUpdates", "push-b"), "the update at push-b")).Arg;
        Assert.Equal(workspaceId, received.GetProperty("workspaceId").GetString());
        Assert.Equal("push.txt", received.GetProperty("path").GetString());
        Assert.Equal(0, received.GetProperty("startVersion").GetInt32());
        var update = Assert.Single(received.GetProperty("updates").EnumerateArray());
        Assert.Equal("client-a", update.GetProperty("clientID").GetString());
        Assert.Equal(JsonValueKind.Array, update.GetProperty("changes").ValueKind); // a JSON value, not a string
        Assert.Equal("[5,[0,\" there\",\"my\"],7]", update.GetProperty("changes").GetRawText());
        Assert.Equal("hello there\nmy\nworld\n", (await App.Document(workspaceId, "push.txt").GetText()).Text);

        // A client that missed the event pulls the same update.
        var pulled = await App.Client.InvokeAsync("push-b", "PullDocumentUpdates", workspaceId, "push.txt", 0);
        Assert.Equal("updates", pulled.GetProperty("status").GetString());
        Assert.Equal(1, pulled.GetProperty("version").GetInt32());
        Assert.Equal("client-a", Assert.Single(pulled.GetProperty("updates").EnumerateArray()).GetProperty("clientID").GetString());
    }

    [Fact]
    public async Task Editors_are_told_to_pull_when_a_push_reached_a_new_activation_that_did_not_know_their_watch()
    {
        var workspaceId = await OpenInTwoEditorsAsync("moved.txt", "moved");

        // The document's activation goes, as when its silo dies; the next push starts a new one, which has no watchers yet.
        await App.Document(workspaceId, "moved.txt").AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var pushed = await App.Client.InvokeAsync("moved-a", "PushDocumentUpdates", workspaceId, "moved.txt", 0, new[] { Update("client-a", "[[0,\"#\"],12]") });
        Assert.True(pushed.GetProperty("accepted").GetBoolean());

        // The web front renews its watch at once and tells the editors the version it found (an empty documentUpdates at
        // version 1): an editor behind it pulls. (Had the periodic renewal come between, the push itself would be broadcast.)
        await App.Client.WaitForAsync(
            e => e.Is("documentUpdates", "moved-b") && e.Arg.GetProperty("startVersion").GetInt32() + e.Arg.GetProperty("updates").GetArrayLength() == 1,
            "version 1 at moved-b");
        var pulled = await App.Client.InvokeAsync("moved-b", "PullDocumentUpdates", workspaceId, "moved.txt", 0);
        Assert.Equal("client-a", Assert.Single(pulled.GetProperty("updates").EnumerateArray()).GetProperty("clientID").GetString());

        // The watch is back on the new activation: the next push is broadcast as usual.
        await App.Client.InvokeAsync("moved-a", "PushDocumentUpdates", workspaceId, "moved.txt", 1, new[] { Update("client-a", "[[0,\"!\"],13]") });
        await App.Client.WaitForAsync(e => e.Is("documentUpdates", "moved-b") && e.Arg.GetProperty("updates").GetArrayLength() == 1 && e.Arg.GetProperty("startVersion").GetInt32() == 1, "the next push at moved-b");
    }

    [Fact]
    public async Task A_push_at_an_old_version_is_not_accepted_and_changes_nothing()
    {
        var workspaceId = await App.CreateWorkspaceWithFileAsync(Owner, "stale.txt", Text);
        await App.ConnectAsync("stale", Owner);
        await App.Client.InvokeAsync("stale", "OpenDocument", workspaceId, "stale.txt");
        await App.Client.InvokeAsync("stale", "PushDocumentUpdates", workspaceId, "stale.txt", 0, new[] { Update("first", "[[0,\"A\"],12]") });

        var stale = await App.Client.InvokeAsync("stale", "PushDocumentUpdates", workspaceId, "stale.txt", 0, new[] { Update("second", "[[0,\"B\"],12]") });

        Assert.False(stale.GetProperty("accepted").GetBoolean());
        Assert.Equal(1, stale.GetProperty("version").GetInt32());
        var document = await App.Document(workspaceId, "stale.txt").GetText();
        Assert.Equal(("Ahello\nworld\n", 1), (document.Text, document.Version));
    }

    [Fact]
    public async Task A_viewer_sees_edits_live_but_its_push_is_refused()
    {
        var viewer = await App.Factory.RegisterAsync();
        var teamId = await App.Rest.CreateTeamAsync(Owner, (viewer, "Viewer"));
        var workspaceId = await App.CreateWorkspaceWithFileAsync(Owner, "shared.txt", Text, teamId);
        await App.ConnectAsync("team-owner", Owner);
        await App.ConnectAsync("team-viewer", viewer);
        await App.Client.InvokeAsync("team-owner", "OpenDocument", workspaceId, "shared.txt");

        var opened = await App.Client.InvokeAsync("team-viewer", "OpenDocument", workspaceId, "shared.txt");
        Assert.False(opened.GetProperty("canEdit").GetBoolean());
        await App.Client.InvokeAsync("team-owner", "PushDocumentUpdates", workspaceId, "shared.txt", 0, new[] { Update("owner", "[12,[0,\"!\"]]") });
        await App.Client.WaitForAsync(e => e.Is("documentUpdates", "team-viewer") && e.Arg.GetProperty("updates")[0].GetProperty("clientID").GetString() == "owner", "the owner's edit at the viewer");

        var refused = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("team-viewer", "PushDocumentUpdates", workspaceId, "shared.txt", 1, new[] { Update("viewer", "[[0,\"x\"],13]") }));
        Assert.Contains("you need write access to edit this file", refused.Message, StringComparison.Ordinal);
        Assert.Equal("hello\nworld\n!", (await App.Document(workspaceId, "shared.txt").GetText()).Text);
        Assert.Equal("updates", (await App.Client.InvokeAsync("team-viewer", "PullDocumentUpdates", workspaceId, "shared.txt", 1)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Someone_elses_workspace_is_not_found()
    {
        var workspaceId = await App.CreateWorkspaceWithFileAsync(Owner, "private.txt", Text);
        var stranger = await App.Factory.RegisterAsync();
        await App.ConnectAsync("doc-stranger", stranger);

        foreach (var (method, args) in new (string, object[])[]
        {
            ("OpenDocument", [workspaceId, "private.txt"]),
            ("PullDocumentUpdates", [workspaceId, "private.txt", 0]),
            ("PushDocumentUpdates", [workspaceId, "private.txt", 0, new[] { Update("stranger", "[[0,\"x\"],12]") }]),
            ("SetDocumentPresence", [workspaceId, "private.txt", new { clientID = "stranger", version = 0, ranges = new[] { new { anchor = 0, head = 0 } } }]),
            ("OpenDocument", ["no-such-workspace", "private.txt"]),
        })
        {
            var refused = await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("doc-stranger", method, args));
            Assert.EndsWith("workspace not found", refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal(Text, (await App.Document(workspaceId, "private.txt").GetText()).Text);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_message_that_says_what_is_wrong()
    {
        var workspaceId = await App.CreateWorkspaceWithFileAsync(Owner, "bad.txt", Text);
        await App.ConnectAsync("bad", Owner);
        await App.Client.InvokeAsync("bad", "OpenDocument", workspaceId, "bad.txt");

        async Task<string> Refused(string method, params object?[] args) =>
            (await Assert.ThrowsAsync<HubClientException>(() => App.Client.InvokeAsync("bad", method, args))).Message;

        // A ChangeSet whose length does not match the document: the grain's reason, not a generic failure.
        var mismatched = await Refused("PushDocumentUpdates", workspaceId, "bad.txt", 0, new[] { Update("bad", "[100,[0,\"x\"]]") });
        Assert.DoesNotContain("unexpected error", mismatched.Split("HubException: ").Last(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("HubException: ", mismatched, StringComparison.Ordinal);
        Assert.Contains("ChangeSet.toJSON()", await Refused("PushDocumentUpdates", workspaceId, "bad.txt", 0, new[] { new { clientID = "bad", changes = "not a changeset" } }), StringComparison.Ordinal);
        Assert.Contains("has no clientID", await Refused("PushDocumentUpdates", workspaceId, "bad.txt", 0, new[] { new { changes = JsonNode.Parse("[12]") } }), StringComparison.Ordinal);
        Assert.Contains("at least one", await Refused("PushDocumentUpdates", workspaceId, "bad.txt", 0, Array.Empty<object>()), StringComparison.Ordinal);
        Assert.Contains("push at most 1000", await Refused("PushDocumentUpdates", workspaceId, "bad.txt", 0, Enumerable.Repeat(Update("bad", "[12]"), 1001).ToArray()), StringComparison.Ordinal);
        Assert.Contains("version must be 0 or more", await Refused("PullDocumentUpdates", workspaceId, "bad.txt", -1), StringComparison.Ordinal);
        Assert.Contains("'..' segment", await Refused("OpenDocument", workspaceId, "../etc/passwd"), StringComparison.Ordinal);
        Assert.Contains("path is required", await Refused("OpenDocument", workspaceId, ""), StringComparison.Ordinal);
        Assert.Contains("open the file", await Refused("SetDocumentPresence", workspaceId, "other.txt", new { clientID = "bad", version = 0, ranges = Array.Empty<object>() }), StringComparison.Ordinal);

        // Files the editor cannot open say why, and leave nothing subscribed behind.
        Assert.Contains("'missing.txt' does not exist", await Refused("OpenDocument", workspaceId, "missing.txt"), StringComparison.Ordinal);
        Assert.Equal((0, 0), App.FanOut.Describe(HubGroups.Document(DocumentKeys.Format(workspaceId, "missing.txt"))));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, await App.Rest.WriteFileAsync(Owner, workspaceId, "image.bin", [0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe]));
        Assert.Contains("cannot be edited here", await Refused("OpenDocument", workspaceId, "image.bin"), StringComparison.Ordinal);

        var document = await App.Document(workspaceId, "bad.txt").GetText();
        Assert.Equal((Text, 0), (document.Text, document.Version));
    }

    [Fact]
    public async Task Presence_from_one_editor_reaches_the_other_with_its_name_and_leaves_on_close_and_on_disconnect()
    {
        var other = await App.Factory.RegisterAsync(displayName: "Bea Other");
        var teamId = await App.Rest.CreateTeamAsync(Owner, (other, "Member"));
        var workspaceId = await App.CreateWorkspaceWithFileAsync(Owner, "cursors.txt", Text, teamId);
        await App.ConnectAsync("cursor-a", Owner);
        await App.ConnectAsync("cursor-b", Owner);
        var connectionC = await App.ConnectAsync("cursor-c", other);
        var colorA = (await App.Client.InvokeAsync("cursor-a", "OpenDocument", workspaceId, "cursors.txt")).GetProperty("color").GetString();
        await App.Client.InvokeAsync("cursor-b", "OpenDocument", workspaceId, "cursors.txt");
        await App.Client.InvokeAsync("cursor-c", "OpenDocument", workspaceId, "cursors.txt");

        await App.Client.InvokeAsync("cursor-a", "SetDocumentPresence", workspaceId, "cursors.txt", new { clientID = "editor-a", version = 0, ranges = new[] { new { anchor = 2, head = 4 } } });
        await App.Client.InvokeAsync("cursor-c", "SetDocumentPresence", workspaceId, "cursors.txt", new { clientID = "editor-c", version = 0, ranges = new[] { new { anchor = 7, head = 7 } } });

        var seen = (await App.Client.WaitForAsync(e => e.Is("documentPresence", "cursor-b") && e.Arg.GetProperty("clientID").GetString() == "editor-a", "a's cursor at b")).Arg;
        Assert.Equal("Ada Owner", seen.GetProperty("name").GetString());
        Assert.Equal(Owner.Id.ToString("D"), seen.GetProperty("userId").GetString());
        Assert.Equal(colorA, seen.GetProperty("color").GetString());
        Assert.Equal(("cursors.txt", 0, false), (seen.GetProperty("path").GetString(), seen.GetProperty("version").GetInt32(), seen.GetProperty("left").GetBoolean()));
        Assert.Equal((2, 4), (seen.GetProperty("ranges")[0].GetProperty("anchor").GetInt32(), seen.GetProperty("ranges")[0].GetProperty("head").GetInt32()));
        var seenC = (await App.Client.WaitForAsync(e => e.Is("documentPresence", "cursor-b") && e.Arg.GetProperty("clientID").GetString() == "editor-c", "c's cursor at b")).Arg;
        Assert.Equal("Bea Other", seenC.GetProperty("name").GetString());

        // A late opener gets both cursors with the document.
        await App.ConnectAsync("cursor-late", Owner);
        var late = await App.Client.InvokeAsync("cursor-late", "OpenDocument", workspaceId, "cursors.txt");
        Assert.Equal(["editor-a", "editor-c"], late.GetProperty("presence").EnumerateArray().Select(p => p.GetProperty("clientID").GetString()).Order());

        await App.Client.InvokeAsync("cursor-a", "CloseDocument", workspaceId, "cursors.txt");
        await App.Client.WaitForAsync(e => e.Is("documentPresence", "cursor-b") && e.Arg.GetProperty("clientID").GetString() == "editor-a" && e.Arg.GetProperty("left").GetBoolean(), "a leaving, at b");
        await App.Client.StopAsync("cursor-c");
        await App.Client.WaitForAsync(e => e.Is("documentPresence", "cursor-b") && e.Arg.GetProperty("clientID").GetString() == "editor-c" && e.Arg.GetProperty("left").GetBoolean(), "c leaving on disconnect, at b");
        await Eventually.Until(async () => (await App.Document(workspaceId, "cursors.txt").GetPresence()).All(p => p.Left), "no cursors left in the document");
        await Eventually.Until(() => !App.OpenDocuments.Knows(connectionC), "the closed connection's open documents forgotten");
    }

    [Fact]
    public async Task Editors_of_a_document_share_one_watch_until_the_last_one_goes()
    {
        var workspaceId = await App.CreateWorkspaceWithFileAsync(Owner, "fan.txt", Text);
        var key = DocumentKeys.Format(workspaceId, "fan.txt");
        var group = HubGroups.Document(key);
        string[] editors = ["fan-1", "fan-2", "fan-3"];
        foreach (var editor in editors)
        {
            await App.ConnectAsync(editor, Owner);
            await App.Client.InvokeAsync(editor, "OpenDocument", workspaceId, "fan.txt");
        }

        // One watch of the document carries its updates, presence and notices to the three editors.
        Assert.Equal((3, 1), App.FanOut.Describe(group));

        await App.Client.InvokeAsync("fan-1", "PushDocumentUpdates", workspaceId, "fan.txt", 0, new[] { Update("fan", "[[0,\"#\"],12]") });
        foreach (var editor in editors)
        {
            await App.Client.WaitForAsync(e => e.Is("documentUpdates", editor), $"the update at {editor}");
        }

        // One closes the document, one its connection: the subscriptions stay while anyone has it open.
        await App.Client.InvokeAsync("fan-1", "CloseDocument", workspaceId, "fan.txt");
        await App.Client.StopAsync("fan-2");
        await Eventually.Until(() => App.FanOut.Describe(group) == (1, 1), "only fan-3 left with the document open");

        await App.Client.InvokeAsync("fan-3", "CloseDocument", workspaceId, "fan.txt");
        Assert.Equal((0, 0), App.FanOut.Describe(group));
        // The app is shared by the class: an earlier test's connections may still be going away.
        await Eventually.Until(() => App.FanOut.ActiveSubscriptions == 0, "no stream subscription left in the fan-out");
    }

    [Fact]
    public async Task A_write_to_the_file_outside_the_editor_reaches_it_as_an_update_and_a_deletion_as_a_notice()
    {
        var workspaceId = await App.CreateWorkspaceWithFileAsync(Owner, "disk.txt", Text);
        await App.ConnectAsync("disk-watcher", Owner);
        await App.Client.InvokeAsync("disk-watcher", "OpenDocument", workspaceId, "disk.txt");

        await App.WriteFileAsync(Owner, workspaceId, "disk.txt", "hello\nplanet\n");
        var update = (await App.Client.WaitForAsync(e => e.Is("documentUpdates", "disk-watcher"), "the disk change at the editor")).Arg;
        Assert.Equal((0, "disk"), (update.GetProperty("startVersion").GetInt32(), update.GetProperty("updates")[0].GetProperty("clientID").GetString()));
        Assert.Equal("hello\nplanet\n", (await App.Document(workspaceId, "disk.txt").GetText()).Text);

        var (status, _) = await App.Rest.SendAsync(Owner, HttpMethod.Delete, $"/api/v1/workspaces/{workspaceId}/files?path=disk.txt");
        Assert.Equal(System.Net.HttpStatusCode.NoContent, status);
        var notice = (await App.Client.WaitForAsync(e => e.Is("documentNotice", "disk-watcher"), "the deletion notice at the editor")).Arg;
        Assert.Equal(("disk.txt", "deleted"), (notice.GetProperty("path").GetString(), notice.GetProperty("kind").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(notice.GetProperty("message").GetString()));
        Assert.Equal("closed", (await App.Client.InvokeAsync("disk-watcher", "PullDocumentUpdates", workspaceId, "disk.txt", 1)).GetProperty("status").GetString());
    }

    private static object Update(string clientId, string changesJson) => new { clientID = clientId, changes = JsonNode.Parse(changesJson) };

    /// <summary>A workspace of the owner's with <paramref name="path"/> (<see cref="Text"/>), open in two editors named <paramref name="editors"/>-a and -b.</summary>
    private async Task<string> OpenInTwoEditorsAsync(string path, string editors)
    {
        var workspaceId = await App.CreateWorkspaceWithFileAsync(Owner, path, Text);
        await App.ConnectAsync($"{editors}-a", Owner);
        await App.ConnectAsync($"{editors}-b", Owner);
        await App.Client.InvokeAsync($"{editors}-a", "OpenDocument", workspaceId, path);
        await App.Client.InvokeAsync($"{editors}-b", "OpenDocument", workspaceId, path);
        return workspaceId;
    }
}
