using System.Runtime.Versioning;
using System.Text;
using Orleans.Core.Internal;
using Vibe.Grains.Interfaces.Documents;
using static Vibe.Grains.Tests.Documents.DocumentTestSupport;

namespace Vibe.Grains.Tests.Documents;

/// <summary>The document grain as the collab authority: open, push, pull, server-side edits, presence and storage.</summary>
[Collection(WorkspaceCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class DocumentGrainTests(DocumentGrainTests.Fixture fixture, StorageFixture databases) : IClassFixture<DocumentGrainTests.Fixture>
{
    private static readonly DocumentAuthor Agent = new("agent:run1", "alice", "AI agent", "#ff00ff");

    private WorkspaceSilo Silo => fixture.Silo;

    [Fact]
    public async Task Open_returns_the_file_text_with_line_breaks_normalised_at_version_zero()
    {
        var doc = await CreateAsync(Silo, "one\r\ntwo\r\n");

        var opened = await doc.Grain.Open();

        Assert.Equal((doc.WorkspaceId, doc.Path, 0, "one\ntwo\n"), (opened.WorkspaceId, opened.Path, opened.Version, opened.Text));
        Assert.Equal(opened, await doc.Grain.GetText());
    }

    [Fact]
    public async Task Open_refuses_missing_binary_and_too_large_files_and_unknown_workspaces()
    {
        var doc = await CreateAsync(Silo, "text");
        await doc.Workspace.WriteFile("image.png", [0x89, 0x50, 0x4E, 0x47, 0xFF, 0xFE]);
        await File.WriteAllBytesAsync(Path.Combine(Silo.Root, doc.WorkspaceId, "big.txt"), new byte[(64 * 1024) + 1]);

        var missing = await Assert.ThrowsAsync<DocumentException>(() => Document(doc.WorkspaceId, "nope.txt").Open());
        Assert.Contains("'nope.txt' does not exist", missing.Message, StringComparison.Ordinal);
        var binary = await Assert.ThrowsAsync<DocumentException>(() => Document(doc.WorkspaceId, "image.png").Open());
        Assert.Contains("not UTF-8 text", binary.Message, StringComparison.Ordinal);
        var large = await Assert.ThrowsAsync<DocumentException>(() => Document(doc.WorkspaceId, "big.txt").Open());
        Assert.Contains("more than the 0.1 MiB Vibe opens or saves at once", large.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<WorkspaceNotFoundException>(() => Document(TestRun.NewWorkspaceId(), "a.txt").Open());
    }

    [Fact]
    public async Task An_accepted_push_is_published_and_pulled_with_its_client_ids_in_order()
    {
        var doc = await CreateAsync(Silo, "hello");
        await using var updates = await doc.RecordUpdatesAsync();
        await doc.Grain.Open();

        var pushed = await doc.Grain.Push(0, [new("client-a", Insert(5, 5, " world")), new("client-b", "[[1,\"H\"],10]")]);

        Assert.Equal((true, 2), (pushed.Accepted, pushed.Version));
        Assert.Equal("Hello world", (await doc.Grain.GetText()).Text);
        var pulled = await doc.Grain.Pull(0, TimeSpan.Zero);
        Assert.Equal(DocumentPullStatus.Updates, pulled.Status);
        Assert.Equal(2, pulled.Version);
        Assert.Equal([("client-a", "[5,[0,\" world\"]]"), ("client-b", "[[1,\"H\"],10]")], pulled.Updates.Select(u => (u.ClientId, u.Changes)));
        await updates.WaitForAsync(e => e.StartVersion == 0, "the pushed updates on the stream");
        var published = Assert.Single(updates.Items);
        Assert.Equal(doc.Key, published.DocumentKey);
        Assert.Equal(["client-a", "client-b"], published.Updates.Select(u => u.ClientId));
    }

    [Fact]
    public async Task A_push_at_another_version_is_refused_and_changes_nothing()
    {
        var doc = await CreateAsync(Silo, "abc");
        await doc.Grain.Push(0, [new("a", Insert(3, 3, "d"))]);

        var stale = await doc.Grain.Push(0, [new("b", Insert(3, 0, "x"))]);
        var ahead = await doc.Grain.Push(5, [new("b", Insert(4, 0, "x"))]);

        Assert.Equal((false, 1), (stale.Accepted, stale.Version));
        Assert.Equal((false, 1), (ahead.Accepted, ahead.Version));
        Assert.Equal(new DocumentSnapshot(doc.WorkspaceId, doc.Path, 1, "abcd"), await doc.Grain.GetText());
    }

    [Theory]
    [InlineData("[3,", "not valid JSON")]
    [InlineData("[10]", "covers 10 characters, but the document has 4 at version 1")]
    [InlineData("[-4]", "negative length")]
    [InlineData("[\"abcd\"]", "is a JSON string")]
    [InlineData("{\"insert\":\"x\"}", "not an array")]
    public async Task A_bad_changeset_rejects_the_whole_push_and_changes_nothing(string bad, string reason)
    {
        var doc = await CreateAsync(Silo, "abc");
        await doc.Grain.Open();

        // The first update is fine; the second is not: neither may be applied.
        var error = await Assert.ThrowsAsync<DocumentException>(() => doc.Grain.Push(0, [new("a", Insert(3, 0, "x")), new("a", bad)]));

        Assert.Contains("Update 2 of 2 (client 'a')", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(new DocumentSnapshot(doc.WorkspaceId, doc.Path, 0, "abc"), await doc.Grain.GetText());
        Assert.Empty((await doc.Grain.Pull(0, TimeSpan.Zero)).Updates);
        Assert.True((await doc.Grain.Push(0, [new("a", Insert(3, 3, "!"))])).Accepted);
    }

    [Fact]
    public async Task A_watch_says_which_activation_it_reached_and_whether_it_was_added_there()
    {
        var doc = await CreateAsync(Silo, "abc");
        await doc.Grain.Open();
        var observer = new IgnoringObserver();
        var watcher = Silo.Client.CreateObjectReference<IDocumentObserver>(observer);
        try
        {
            var first = await doc.Grain.Watch(watcher);
            var pushed = await doc.Grain.Push(0, [new("a", Insert(3, 3, "d"))]);
            var renewed = await doc.Grain.Watch(watcher);

            Assert.Equal((true, 0), (first.Added, first.Version));
            Assert.Equal((first.Activation, 1, false), (renewed.Activation, renewed.Version, renewed.Added));
            Assert.Equal(first.Activation, pushed.Activation);

            // The activation goes (as when its silo dies): the next push is taken by a new one, which does not know the watcher,
            // so the renewal adds it again at the version past the update it missed.
            await doc.Grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
            var afterMove = await doc.Grain.Push(1, [new("b", Insert(4, 4, "e"))]);
            var rewatched = await doc.Grain.Watch(watcher);

            Assert.True(afterMove.Accepted);
            Assert.NotEqual(first.Activation, afterMove.Activation);
            Assert.Equal((afterMove.Activation, 2, true), (rewatched.Activation, rewatched.Version, rewatched.Added));
        }
        finally
        {
            await doc.Grain.Unwatch(watcher);
            Silo.Client.DeleteObjectReference<IDocumentObserver>(watcher);
            GC.KeepAlive(observer);
        }
    }

    [Fact]
    public async Task A_waiting_pull_wakes_up_when_an_update_is_pushed()
    {
        var doc = await CreateAsync(Silo, "");
        await doc.Grain.Open();

        var pull = doc.Grain.Pull(0, TimeSpan.FromSeconds(30));
        Assert.False(pull.IsCompleted);
        await doc.Grain.Push(0, [new("writer", "[[0,\"x\"]]")]);

        var result = await pull.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(DocumentPullStatus.Updates, result.Status);
        Assert.Equal(("writer", 1), (Assert.Single(result.Updates).ClientId, result.Version));
    }

    [Fact]
    public async Task A_pull_with_nothing_new_returns_empty_when_its_wait_ends_and_a_pull_ahead_is_an_error()
    {
        var doc = await CreateAsync(Silo, "a");

        var result = await doc.Grain.Pull(0, TimeSpan.FromMilliseconds(100));

        Assert.Equal(new DocumentPullResult(DocumentPullStatus.Updates, 0, []), result with { Updates = [] });
        Assert.Empty(result.Updates);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => doc.Grain.Pull(3, TimeSpan.Zero));
    }

    [Fact]
    public async Task A_client_older_than_the_kept_history_is_told_it_is_too_far_behind()
    {
        var doc = await CreateAsync(Silo, "");
        for (var version = 0; version < 40; version++)
        {
            Assert.True((await doc.Grain.Push(version, [new("typist", Insert(version, version, "x"))])).Accepted);
        }

        Assert.Equal(DocumentPullStatus.TooFarBehind, (await doc.Grain.Pull(0, TimeSpan.Zero)).Status);
        var recent = await doc.Grain.Pull(39, TimeSpan.Zero);
        Assert.Equal((DocumentPullStatus.Updates, 40, "[39,[0,\"x\"]]"), (recent.Status, recent.Version, Assert.Single(recent.Updates).Changes));
        Assert.Equal(new string('x', 40), (await doc.Grain.GetText()).Text);
    }

    [Fact]
    public async Task ReplaceSnippet_applies_a_unique_snippet_and_reports_a_missing_or_repeated_one()
    {
        var doc = await CreateAsync(Silo, "let a = 1;\nlet b = 1;\n");
        await using var presence = await doc.RecordPresenceAsync();

        var missing = await doc.Grain.ReplaceSnippet(Agent, "let c", "let d");
        var repeated = await doc.Grain.ReplaceSnippet(Agent, "= 1;", "= 2;");
        var applied = await doc.Grain.ReplaceSnippet(Agent, "let b = 1;", "let b = 42;");

        Assert.Equal((DocumentEditStatus.NotFound, 0), (missing.Status, missing.Snapshot.Version));
        Assert.Equal((DocumentEditStatus.NotUnique, 0), (repeated.Status, repeated.Snapshot.Version));
        Assert.Equal((DocumentEditStatus.Applied, 1, "let a = 1;\nlet b = 42;\n"), (applied.Status, applied.Snapshot.Version, applied.Snapshot.Text));
        var update = Assert.Single((await doc.Grain.Pull(0, TimeSpan.Zero)).Updates);
        Assert.Equal(new DocumentUpdate("agent:run1", "[19,[1,\"42\"],2]"), update);

        // The agent's cursor is shown at the end of its edit.
        await presence.WaitForAsync(p => p.ClientId == "agent:run1", "the agent's presence");
        var cursor = Assert.Single(presence.Items);
        Assert.Equal(("AI agent", "#ff00ff", 1, new DocumentSelectionRange(21, 21)), (cursor.Name, cursor.Color, cursor.Version, Assert.Single(cursor.Ranges)));
        Assert.Contains(await doc.Grain.GetPresence(), p => p.ClientId == "agent:run1");
    }

    [Fact]
    public async Task ReplaceText_sends_the_smallest_change_as_one_update()
    {
        var doc = await CreateAsync(Silo, "function f() {\n  return 1;\n}\n");

        var result = await doc.Grain.ReplaceText(Agent, "function f() {\r\n  return 2;\r\n}\r\n");

        Assert.Equal((DocumentEditStatus.Applied, "function f() {\n  return 2;\n}\n"), (result.Status, result.Snapshot.Text));
        Assert.Equal(new DocumentUpdate("agent:run1", "[24,[1,\"2\"],4]"), Assert.Single((await doc.Grain.Pull(0, TimeSpan.Zero)).Updates));
    }

    [Fact]
    public async Task Presence_is_kept_in_memory_published_and_removed_when_the_client_leaves()
    {
        var doc = await CreateAsync(Silo, "abc");
        await using var presence = await doc.RecordPresenceAsync();
        var bob = new DocumentPresence("ignored", "bob-editor", "bob", "Bob", "#00f", 0, [new(1, 2)], Left: false);

        await doc.Grain.SetPresence(bob);
        var stored = Assert.Single(await doc.Grain.GetPresence());
        Assert.Equal(bob.Ranges, stored.Ranges);
        Assert.Equal(bob with { DocumentKey = doc.Key, Ranges = stored.Ranges }, stored);
        await doc.Grain.SetPresence(bob with { Left = true });

        Assert.Empty(await doc.Grain.GetPresence());
        await presence.WaitForAsync(p => p.Left, "bob leaving");
        Assert.Equal([false, true], presence.Items.Select(p => p.Left));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => doc.Grain.SetPresence(bob with { ClientId = "" }));
    }

    [Fact]
    public async Task Updates_survive_the_silo_stopping_and_the_history_is_kept()
    {
        var service = WorkspaceSilo.NewService();
        var storage = await databases.NewDatabaseAsync();
        var first = await WorkspaceSilo.StartAsync(Configure, service: service, storage: storage);
        try
        {
            var doc = await CreateAsync(first, "");
            for (var version = 0; version < 12; version++)
            {
                await doc.Grain.Push(version, [new($"c{version}", Insert(version, version, ((char)('a' + version)).ToString()))]);
            }

            await first.StopAsync();
            await using var second = await WorkspaceSilo.StartAsync(Configure, service: service, storage: storage);
            var again = doc with { Silo = second };

            Assert.Equal(new DocumentSnapshot(doc.WorkspaceId, doc.Path, 12, "abcdefghijkl"), await again.Grain.Open());
            var recent = await again.Grain.Pull(8, TimeSpan.Zero);
            Assert.Equal(["c8", "c9", "c10", "c11"], recent.Updates.Select(u => u.ClientId));
            Assert.True((await again.Grain.Push(12, [new("later", Insert(12, 12, "m"))])).Accepted);
            Assert.Equal("abcdefghijklm", (await again.Grain.GetText()).Text);
        }
        finally
        {
            await first.DisposeAsync();
        }
    }

    private sealed class IgnoringObserver : IDocumentObserver
    {
        public Task OnUpdates(DocumentUpdatesEvent updates) => Task.CompletedTask;

        public Task OnPresence(DocumentPresence presence) => Task.CompletedTask;

        public Task OnNotice(DocumentNotice notice) => Task.CompletedTask;
    }

    private IDocumentGrain Document(string workspaceId, string path) => Silo.Grains.GetGrain<IDocumentGrain>(DocumentKeys.Format(workspaceId, path));

    public sealed class Fixture : WorkspaceSiloFixture
    {
        protected override void Configure(WorkspaceOptions options) => DocumentTestSupport.Configure(options);
    }
}
