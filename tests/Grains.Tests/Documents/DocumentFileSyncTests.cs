using System.Runtime.Versioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vibe.Grains.Interfaces.Documents;
using static Vibe.Grains.Tests.Documents.DocumentTestSupport;

namespace Vibe.Grains.Tests.Documents;

/// <summary>The document and its workspace file: edits reach the disk, changes made on disk reach the editors.</summary>
[Collection(WorkspaceCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class DocumentFileSyncTests(DocumentFileSyncTests.Fixture fixture, StorageFixture databases) : IClassFixture<DocumentFileSyncTests.Fixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private WorkspaceSilo Silo => fixture.Silo;

    [Fact]
    public async Task Edits_are_written_to_the_file_in_its_own_line_ending_style()
    {
        var doc = await CreateAsync(Silo, "one\r\ntwo\r\n");
        await doc.Grain.Open();

        await doc.Grain.Push(0, [new("a", Insert(8, 8, "three\n"))]);

        await Eventually.Until(() => doc.ReadDisk() == "one\r\ntwo\r\nthree\r\n", "the edit written to disk with CRLF line endings", Patience);
        Assert.Equal("one\ntwo\nthree\n", (await doc.Grain.GetText()).Text);
    }

    [Fact]
    public async Task Flush_writes_unsaved_edits_at_once_instead_of_after_the_write_delay()
    {
        var doc = await CreateAsync(Silo, "draft");
        await doc.Grain.Open();
        await doc.Grain.Push(0, [new("a", Insert(5, 5, " two"))]);

        await doc.Grain.Flush();

        Assert.Equal("draft two", doc.ReadDisk());
    }

    [Fact]
    public async Task A_write_made_outside_becomes_an_update_from_disk_and_our_own_writes_never_come_back()
    {
        var doc = await CreateAsync(Silo, "hello");
        await using var updates = await doc.RecordUpdatesAsync();
        await doc.Grain.Open();
        await doc.Grain.Push(0, [new("editor", Insert(5, 5, " world"))]);
        await Eventually.Until(() => doc.ReadDisk() == "hello world", "the edit written to disk", Patience);

        await File.WriteAllTextAsync(doc.HostPath, "hello brave world\n");

        var pulled = await doc.Grain.Pull(1, Patience);
        var fromDisk = Assert.Single(pulled.Updates);
        Assert.Equal(new DocumentUpdate(DocumentKeys.DiskClientId, "[6,[5,\"brave world\",\"\"]]"), fromDisk);
        Assert.Equal("hello brave world\n", (await doc.Grain.GetText()).Text);
        await updates.WaitForAsync(e => e.StartVersion == 1 && e.Updates[0].ClientId == "disk", "the disk update on the stream");

        // The editor goes on; its next write is not mistaken for an outside change either.
        await doc.Grain.Push(2, [new("editor", Insert(18, 18, "!"))]);
        await Eventually.Until(() => doc.ReadDisk() == "hello brave world\n!", "the second edit written to disk", Patience);
        await doc.Grain.Push(3, [new("editor", Insert(19, 0, "> "))]);
        await Eventually.Until(() => doc.ReadDisk() == "> hello brave world\n!", "the third edit written to disk", Patience);
        var history = await doc.Grain.Pull(0, TimeSpan.Zero);
        Assert.Equal(["editor", "disk", "editor", "editor"], history.Updates.Select(u => u.ClientId));
    }

    [Fact]
    public async Task A_sed_in_the_running_workspace_shows_up_as_an_update_from_disk()
    {
        var doc = await CreateAsync(Silo, "greeting = 'hello'\n", start: true);
        await doc.Grain.Open();

        var sed = await doc.Workspace.Exec(["sed", "-i", "s/hello/hi there/", $"/workspace/{doc.Path}"], TimeSpan.FromSeconds(10));
        Assert.Equal(0, sed.ExitCode);

        var pulled = await doc.Grain.Pull(0, Patience);
        Assert.Equal(new DocumentUpdate("disk", "[13,[4,\"i there\"],2]"), Assert.Single(pulled.Updates));
        Assert.Equal("greeting = 'hi there'\n", (await doc.Grain.GetText()).Text);
    }

    [Fact]
    public async Task Deleting_the_file_just_after_an_edit_closes_the_document_and_the_pending_write_does_not_bring_it_back()
    {
        var doc = await CreateAsync(Silo, "edited then deleted");
        await using var notices = await doc.RecordNoticesAsync();
        await doc.Grain.Open();
        await doc.Grain.Push(0, [new("a", Insert(19, 19, "!"))]);

        File.Delete(doc.HostPath);

        await notices.WaitForAsync(n => n.Kind == DocumentNoticeKind.Deleted, "the deleted notice", Patience);
        Assert.False(File.Exists(doc.HostPath), "the debounced write recreated the deleted file");
    }

    [Fact]
    public async Task Deleting_the_file_closes_the_document_with_a_notice()
    {
        var doc = await CreateAsync(Silo, "soon gone");
        await using var notices = await doc.RecordNoticesAsync();
        await doc.Grain.Open();
        var waiting = doc.Grain.Pull(0, Patience);

        File.Delete(doc.HostPath);

        await notices.WaitForAsync(n => n.Kind == DocumentNoticeKind.Deleted, "the deleted notice", Patience);
        Assert.Equal(DocumentPullStatus.Closed, (await waiting).Status);
        var push = await Assert.ThrowsAsync<DocumentException>(() => doc.Grain.Push(0, [new("a", Insert(9, 0, "x"))]));
        Assert.Contains("was deleted on disk", push.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DocumentException>(() => doc.Grain.Open());

        // A file created again at that path opens as a new history: older clients are too far behind and reload.
        await File.WriteAllTextAsync(doc.HostPath, "back again");
        var reopened = await doc.Grain.Open();
        Assert.Equal((1, "back again"), (reopened.Version, reopened.Text));
        Assert.Equal(DocumentPullStatus.TooFarBehind, (await doc.Grain.Pull(0, TimeSpan.Zero)).Status);
        await notices.WaitForAsync(n => n.Kind == DocumentNoticeKind.Reloaded, "the reloaded notice", Patience);
    }

    [Fact]
    public async Task Renaming_the_file_closes_the_document_with_a_notice_naming_the_new_path()
    {
        var doc = await CreateAsync(Silo, "moving");
        await using var notices = await doc.RecordNoticesAsync();
        await doc.Grain.Open();

        File.Move(doc.HostPath, Path.Combine(Path.GetDirectoryName(doc.HostPath)!, "renamed.js"));

        await notices.WaitForAsync(n => n.Kind == DocumentNoticeKind.Moved, "the moved notice", Patience);
        var notice = Assert.Single(notices.Items);
        Assert.Equal((doc.Key, "src/renamed.js"), (notice.DocumentKey, notice.NewPath));
        Assert.Equal(DocumentPullStatus.Closed, (await doc.Grain.Pull(0, TimeSpan.Zero)).Status);
    }

    [Fact]
    public async Task A_change_made_while_the_document_was_not_active_comes_back_as_an_update_from_disk()
    {
        var service = WorkspaceSilo.NewService();
        var storage = await databases.NewDatabaseAsync();
        var first = await WorkspaceSilo.StartAsync(Configure, service: service, storage: storage);
        try
        {
            var doc = await CreateAsync(first, "v1");
            await doc.Grain.Push(0, [new("editor", Insert(2, 2, "!"))]);
            await first.StopAsync();
            Assert.Equal("v1!", doc.ReadDisk()); // written when the document deactivated

            await File.WriteAllTextAsync(doc.HostPath, "v2 from git checkout");
            await using var second = await WorkspaceSilo.StartAsync(Configure, service: service, storage: storage);
            var again = doc with { Silo = second };

            Assert.Equal((2, "v2 from git checkout"), ((await again.Grain.Open()).Version, (await again.Grain.GetText()).Text));
            Assert.Equal("disk", Assert.Single((await again.Grain.Pull(1, TimeSpan.Zero)).Updates).ClientId);
        }
        finally
        {
            await first.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_document_nobody_uses_writes_its_file_deactivates_and_reconciles_when_called_again()
    {
        var logs = new LogCapture();
        await using var silo = await WorkspaceSilo.StartAsync(
            o =>
            {
                Configure(o);
                o.Documents.IdleTimeout = TimeSpan.FromMilliseconds(300);
            },
            services =>
            {
                services.AddSingleton<ILoggerProvider>(logs);
                services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(typeof(LogCapture).FullName, null, LogLevel.Information, null)));
            });
        var doc = await CreateAsync(silo, "idle");
        await doc.Grain.Push(0, [new("editor", Insert(4, 4, "r"))]);

        await Eventually.Until(() => logs.Lines.Any(l => l.Contains($"Document {doc.Key} deactivated at version 1", StringComparison.Ordinal)), "the idle document to deactivate", Patience);
        Assert.Contains(logs.Lines, l => l.Contains($"Document {doc.Key}: no one present and no call for", StringComparison.Ordinal));
        Assert.Equal("idler", doc.ReadDisk());

        // Asleep, it does not watch the file; the next call finds the change and hands it out as an update.
        await File.WriteAllTextAsync(doc.HostPath, "changed while asleep");
        Assert.Equal(new DocumentSnapshot(doc.WorkspaceId, doc.Path, 2, "changed while asleep"), await doc.Grain.GetText());
        Assert.Equal("disk", Assert.Single((await doc.Grain.Pull(1, TimeSpan.Zero)).Updates).ClientId);
    }

    public sealed class Fixture : WorkspaceSiloFixture
    {
        protected override void Configure(WorkspaceOptions options) => DocumentTestSupport.Configure(options);
    }
}
