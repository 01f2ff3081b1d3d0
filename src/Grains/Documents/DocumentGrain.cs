using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Placement;
using Vibe.Grains.Interfaces.Documents;
using Vibe.Grains.Interfaces.Errors;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Grains.Placement;
using Vibe.Grains.Workspaces;
using Vibe.Grains.Workspaces.Files;

namespace Vibe.Grains.Documents;

/// <summary>
/// The authority for one document, as <c>@codemirror/collab</c> expects it: pushes are accepted only at the current version,
/// each update's ChangeSet is checked against the document's length before any is applied, and an accepted push is written
/// to storage (the small log record) before it is applied in memory, published and acknowledged, so what a client saw
/// acknowledged survives a crash and what other clients pull is always durable. The class is reentrant so that a waiting pull
/// never holds up a push; edits (pushes, server-side edits, changes found on disk, file writes) take <c>_edits</c> and run one
/// at a time, and they change the in-memory document only between awaits, so interleaved reads see a consistent version.
/// </summary>
[GrainSiloPlacementFilter]
[SupportedOSPlatform("linux")]
[PreferLocalPlacement]
[Reentrant]
internal sealed partial class DocumentGrain(
    [PersistentState("document")] IPersistentState<DocumentSnapshotState> snapshot,
    [PersistentState("document-log")] IPersistentState<DocumentLogState> log,
    IOptions<WorkspaceOptions> options,
    ILogger<DocumentGrain> logger) : Grain, IDocumentGrain
{
    private const int MaxClientIdLength = 256;
    // Under the 30 s call timeout, so a waiting pull answers rather than times out.
    private static readonly TimeSpan MaxPullWait = TimeSpan.FromSeconds(25);

    private readonly WorkspaceOptions _workspaceOptions = options.Value;
    private readonly DocumentOptions _options = options.Value.Documents;
    private readonly List<DocumentUpdate> _history = [];
    private readonly SemaphoreSlim _edits = new(1, 1);
    private readonly GrainObservers<IDocumentObserver> _watchers = new(logger);
    // Tells watchers and pushers apart from any earlier activation of this document (see DocumentWatch).
    private readonly Guid _activation = Guid.NewGuid();
    private (string WorkspaceId, string Path)? _key;
    private DocumentText? _text;
    private int _version;
    private int _historyStart;
    private bool _closed;
    private bool _broken;
    private Task? _loading;
    private TaskCompletionSource? _updatesArrived;
    private int _waitingPulls;
    private DateTimeOffset _lastActivity = DateTimeOffset.UtcNow;

    private string Key => this.GetPrimaryKeyString();

    private string WorkspaceId => ParsedKey.WorkspaceId;

    private string FilePath => ParsedKey.Path;

    private (string WorkspaceId, string Path) ParsedKey => _key ??= ParseKey(Key);

    private DocumentText Text => _text ?? throw new InvalidOperationException("The document is not loaded.");

    private WorkspaceFileSystem Files => new(_workspaceOptions.DirectoryOf(WorkspaceId), _workspaceOptions.UserId, chown: Environment.IsPrivilegedProcess, _workspaceOptions.MaxFileBytes);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (snapshot.State.Text is not null)
        {
            Restore();
            await OnRestoredAsync(cancellationToken);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        StopFileSync();
        _updatesArrived?.TrySetResult();
        if (_text is null || _broken)
        {
            return;
        }

        try
        {
            await _edits.WaitAsync(cancellationToken);
            try
            {
                await FlushFileAsync(cancellationToken);
                if (log.State.Updates.Count > 0 && !_broken)
                {
                    await WriteSnapshotAsync(cancellationToken);
                }
            }
            finally
            {
                _edits.Release();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The updates are in the log record already; the next activation replays them.
            LogDeactivationWriteFailed(logger, ex, Key);
        }

        LogDeactivated(logger, Key, _version, reason.ReasonCode.ToString());
    }

    public async Task<DocumentSnapshot> Open()
    {
        await EnsureLoadedAsync();
        Touch();
        if (_closed)
        {
            await _edits.WaitAsync();
            try
            {
                if (_closed)
                {
                    await ReopenAsync();
                }
            }
            finally
            {
                _edits.Release();
            }
        }

        return Snapshot();
    }

    public async Task<DocumentPullResult> Pull(int version, TimeSpan wait)
    {
        await EnsureLoadedAsync();
        Touch();
        if (Updates(version) is { } ready)
        {
            return ready;
        }

        if (wait > MaxPullWait)
        {
            wait = MaxPullWait;
        }

        if (wait > TimeSpan.Zero)
        {
            var arrived = _updatesArrived ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waitingPulls++;
            try
            {
                await arrived.Task.WaitAsync(wait);
            }
            catch (TimeoutException)
            {
                // Nothing came: an empty answer, and the client pulls again.
            }
            finally
            {
                _waitingPulls--;
            }
        }

        return Updates(version) ?? new DocumentPullResult(DocumentPullStatus.Updates, _version, []);
    }

    public async Task<DocumentPushResult> Push(int version, IReadOnlyList<DocumentUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        await EnsureLoadedAsync();
        Touch();
        await _edits.WaitAsync();
        try
        {
            ThrowIfClosed();
            if (version != _version)
            {
                return new DocumentPushResult(false, _version, _activation);
            }

            if (updates.Count == 0)
            {
                return new DocumentPushResult(true, _version, _activation);
            }

            var changes = Validate(updates);
            await CommitAsync(updates, changes);
            return new DocumentPushResult(true, _version, _activation);
        }
        finally
        {
            _edits.Release();
        }
    }

    public async Task<DocumentSnapshot> GetText()
    {
        await EnsureLoadedAsync();
        Touch();
        return Snapshot();
    }

    public async Task<DocumentEditResult> ReplaceText(DocumentAuthor author, string text)
    {
        ValidateAuthor(author);
        ArgumentNullException.ThrowIfNull(text);
        await EnsureLoadedAsync();
        Touch();
        await _edits.WaitAsync();
        try
        {
            ThrowIfClosed();
            var change = TextChange.Between(Text.ToString(), Normalize(text));
            await ApplyServerEditAsync(author, change);
            return new DocumentEditResult(DocumentEditStatus.Applied, Snapshot());
        }
        finally
        {
            _edits.Release();
        }
    }

    public async Task<DocumentEditResult> ReplaceSnippet(DocumentAuthor author, string oldText, string newText)
    {
        ValidateAuthor(author);
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        var snippet = Normalize(oldText);
        if (snippet.Length == 0)
        {
            throw new InvalidRequestException("Give the text to replace: an empty snippet matches everywhere.");
        }

        await EnsureLoadedAsync();
        Touch();
        await _edits.WaitAsync();
        try
        {
            ThrowIfClosed();
            var current = Text.ToString();
            var at = current.IndexOf(snippet, StringComparison.Ordinal);
            if (at < 0)
            {
                return new DocumentEditResult(DocumentEditStatus.NotFound, Snapshot());
            }

            if (current.IndexOf(snippet, at + 1, StringComparison.Ordinal) >= 0)
            {
                return new DocumentEditResult(DocumentEditStatus.NotUnique, Snapshot());
            }

            var change = TextChange.Between(snippet, Normalize(newText), offset: at);
            await ApplyServerEditAsync(author, change);
            return new DocumentEditResult(DocumentEditStatus.Applied, Snapshot());
        }
        finally
        {
            _edits.Release();
        }
    }

    private async Task ApplyServerEditAsync(DocumentAuthor author, TextChange change)
    {
        if (!change.IsEmpty)
        {
            var json = ChangeSet.Replacement(Text.Length, change.From, change.Deleted, change.Insert);
            var update = new DocumentUpdate(author.ClientId, json);
            await CommitAsync([update], Validate([update]));
        }

        var cursor = change.From + change.Insert.Length;
        await SetPresenceCoreAsync(new DocumentPresence(Key, author.ClientId, author.UserId, author.Name, author.Color, _version, [new DocumentSelectionRange(cursor, cursor)], Left: false));
    }

    /// <summary>Parses every update and checks each against the length the previous ones leave; throws before anything is applied.</summary>
    private List<ChangeSet> Validate(IReadOnlyList<DocumentUpdate> updates)
    {
        var changes = new List<ChangeSet>(updates.Count);
        var length = Text.Length;
        for (var i = 0; i < updates.Count; i++)
        {
            var update = updates[i] ?? throw new DocumentException($"Update {i + 1} of {updates.Count} is missing.");
            if (string.IsNullOrEmpty(update.ClientId) || update.ClientId.Length > MaxClientIdLength)
            {
                throw new DocumentException($"Update {i + 1} of {updates.Count} has no client id, or one longer than {MaxClientIdLength} characters.");
            }

            ChangeSet change;
            try
            {
                change = ChangeSet.Parse(update.Changes);
            }
            catch (DocumentException ex)
            {
                throw new DocumentException($"Update {i + 1} of {updates.Count} (client '{update.ClientId}'): {ex.Message}", ex);
            }

            if (change.Length != length)
            {
                throw new DocumentException(
                    $"Update {i + 1} of {updates.Count} (client '{update.ClientId}') does not fit the document: its ChangeSet covers {change.Length} characters, "
                    + $"but the document has {length} at version {_version + i}. Nothing was applied.");
            }

            length = change.NewLength;
            if (length > _workspaceOptions.MaxFileBytes)
            {
                throw new DocumentException(
                    $"Update {i + 1} of {updates.Count} (client '{update.ClientId}') would make the document {length} characters long; files edited here are limited to {_workspaceOptions.MaxFileBytes} bytes. Nothing was applied.");
            }

            changes.Add(change);
        }

        return changes;
    }

    /// <summary>Writes the updates to the log record, then applies, publishes and signals them. The caller validated them.</summary>
    private async Task CommitAsync(IReadOnlyList<DocumentUpdate> updates, List<ChangeSet> changes)
    {
        var logged = log.State.Updates.Count;
        log.State.Updates.AddRange(updates);
        try
        {
            await log.WriteStateAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whether the write landed is unknown (and a conflict means another activation owns the document): start afresh from storage.
            log.State.Updates.RemoveRange(logged, updates.Count);
            _broken = true;
            DeactivateOnIdle();
            LogPersistFailed(logger, ex, Key);
            throw new DocumentException("The document could not store the update; it reloads now. Pull and push again.", ex);
        }

        // Durable: apply without awaiting in between, so interleaved pulls and reads only ever see stored versions.
        var start = _version;
        for (var i = 0; i < changes.Count; i++)
        {
            changes[i].ApplyTo(Text);
        }

        _history.AddRange(updates);
        _version += updates.Count;
        TrimHistory();
        OnTextChanged();
        Signal();
        await PublishAsync(new DocumentUpdatesEvent(Key, start, [.. updates]), static (watcher, updates) => watcher.OnUpdates(updates));
        if (log.State.Updates.Count >= _options.SnapshotInterval)
        {
            await TryWriteSnapshotAsync();
        }
    }

    private DocumentPullResult? Updates(int version)
    {
        if (_closed)
        {
            return new DocumentPullResult(DocumentPullStatus.Closed, _version, []);
        }

        if (version > _version || version < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, $"The document is at version {_version}; a client cannot be ahead of it (or below 0). Reload the document.");
        }

        if (version < _historyStart)
        {
            return new DocumentPullResult(DocumentPullStatus.TooFarBehind, _version, []);
        }

        return version == _version ? null : new DocumentPullResult(DocumentPullStatus.Updates, _version, _history.GetRange(version - _historyStart, _version - version));
    }

    private void TrimHistory()
    {
        // Trimmed in batches, so a busy document does not shift its list on every update.
        var excess = _history.Count - _options.HistoryLength;
        if (excess > 0 && (excess >= 64 || excess > _options.HistoryLength / 8))
        {
            _history.RemoveRange(0, excess);
            _historyStart += excess;
        }
    }

    private void Signal()
    {
        var arrived = _updatesArrived;
        _updatesArrived = null;
        arrived?.TrySetResult();
    }

    private DocumentSnapshot Snapshot() => new(WorkspaceId, FilePath, _version, Text.ToString());

    private void Touch() => _lastActivity = DateTimeOffset.UtcNow;

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new DocumentException(ClosedMessage());
        }
    }

    private string ClosedMessage() => snapshot.State.ClosedKind == DocumentNoticeKind.Moved
        ? $"'{FilePath}' was moved to '{snapshot.State.MovedTo}' on disk; open it there."
        : $"'{FilePath}' was deleted on disk; the document is closed.";

    private Task EnsureLoadedAsync()
    {
        if (_broken)
        {
            throw new DocumentException("The document is reloading after a storage failure; try again.");
        }

        if (_text is not null)
        {
            return Task.CompletedTask;
        }

        // Concurrent callers share one load; a failed load is tried again by the next call.
        if (_loading is null || _loading.IsCompleted)
        {
            _loading = LoadAsync();
        }

        return _loading;
    }

    /// <summary>First open: reads the file and stores version 0 (a client must never see a version that a reactivation could give other text).</summary>
    private async Task LoadAsync()
    {
        await _edits.WaitAsync();
        try
        {
            if (_text is null)
            {
                var content = await ReadFileAsync();
                await StoreLoadedAsync(content.Content, content.Hash, snapshot.State.Version);
            }
        }
        finally
        {
            _edits.Release();
        }
    }

    private async Task ReopenAsync()
    {
        var content = await ReadFileAsync();

        // A new version with no history: clients of the closed document are too far behind and reload.
        await StoreLoadedAsync(content.Content, content.Hash, _version + 1);
        await PublishNoticeAsync(new DocumentNotice(Key, DocumentNoticeKind.Reloaded, null, $"'{FilePath}' was opened again from disk."));
    }

    private async Task StoreLoadedAsync(DocumentFileContent content, string hash, int version)
    {
        snapshot.State = new DocumentSnapshotState
        {
            Text = content.Text,
            Version = version,
            LineEnding = content.LineEnding,
            ByteOrderMark = content.ByteOrderMark,
        };
        await snapshot.WriteStateAsync();
        log.State = new DocumentLogState { BaseVersion = version, DiskHash = hash };
        await log.WriteStateAsync();
        Restore();
        await OnRestoredAsync(CancellationToken.None);
    }

    /// <summary>Rebuilds the document from the stored snapshot and the log of updates after it.</summary>
    private void Restore()
    {
        var state = snapshot.State;
        var text = DocumentText.From(state.Text!);
        var history = new List<DocumentUpdate>(state.History);
        var version = state.Version;
        var logged = log.State;
        if (logged.BaseVersion > version)
        {
            throw new InvalidOperationException($"Document {Key}: the log starts at version {logged.BaseVersion}, after the snapshot's {version}; the stored state is inconsistent.");
        }

        // A crash between writing a snapshot and emptying the log leaves updates the snapshot already holds.
        for (var i = version - logged.BaseVersion; i < logged.Updates.Count; i++)
        {
            var update = logged.Updates[i];
            var change = ChangeSet.Parse(update.Changes);
            change.ApplyTo(text);
            history.Add(update);
            version++;
        }

        _text = text;
        _version = version;
        _history.Clear();
        _history.AddRange(history);
        _historyStart = version - history.Count;
        _closed = state.Closed;
        _fileFormat = new DocumentFileContent("", state.LineEnding, state.ByteOrderMark);
        _diskHash = logged.DiskHash;
        TrimHistory();
    }

    private async Task TryWriteSnapshotAsync()
    {
        try
        {
            await WriteSnapshotAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The log still holds every update; the next snapshot tries again.
            LogSnapshotFailed(logger, ex, Key);
        }
    }

    /// <summary>Stores the whole text at the current version, then empties the log (a crash in between is handled by <see cref="Restore"/>).</summary>
    private async Task WriteSnapshotAsync(CancellationToken cancellationToken)
    {
        var state = snapshot.State;
        state.Text = Text.ToString();
        state.Version = _version;
        var kept = Math.Min(_history.Count, _options.HistoryLength);
        state.History = _history.GetRange(_history.Count - kept, kept);
        state.LineEnding = _fileFormat.LineEnding;
        state.ByteOrderMark = _fileFormat.ByteOrderMark;
        state.Closed = _closed;
        await snapshot.WriteStateAsync(cancellationToken);
        log.State.BaseVersion = _version;
        log.State.Updates.Clear();
        log.State.DiskHash = _diskHash;
        await log.WriteStateAsync(cancellationToken);
    }

    private async Task<(DocumentFileContent Content, string Hash)> ReadFileAsync()
    {
        var workspace = await GrainFactory.GetGrain<IWorkspaceGrain>(WorkspaceId).GetInfo();
        if (workspace.Status == WorkspaceStatus.Deleted)
        {
            throw new DocumentException($"Workspace '{WorkspaceId}' was deleted; its files cannot be opened.");
        }

        var bytes = ReadBytes() ?? throw new DocumentException($"'{FilePath}' does not exist in workspace '{WorkspaceId}'.");
        return (DocumentFileContent.Decode(bytes, FilePath), DocumentFileContent.Hash(bytes));
    }

    /// <summary>The file's bytes, or null when it does not exist; other failures become a <see cref="DocumentException"/>.</summary>
    private byte[]? ReadBytes()
    {
        try
        {
            return Files.Read(FilePath);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or WorkspacePathException or WorkspaceFileTooLargeException or UnauthorizedAccessException)
        {
            throw new DocumentException(ex.Message, ex);
        }
    }

    private static (string WorkspaceId, string Path) ParseKey(string key)
    {
        var (workspaceId, path) = DocumentKeys.Parse(key);
        WorkspaceIds.Validate(workspaceId);
        if (WorkspacePath.Parse(path, allowRoot: false).Relative != path)
        {
            throw new InvalidRequestException($"'{path}' is not a normalised workspace path (relative, '/'-separated, without '.' or empty segments).");
        }

        return (workspaceId, path);
    }

    private static string Normalize(string text) =>
        text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text;

    private static void ValidateAuthor(DocumentAuthor author)
    {
        ArgumentNullException.ThrowIfNull(author);
        if (string.IsNullOrEmpty(author.ClientId) || author.ClientId.Length > MaxClientIdLength)
        {
            throw new InvalidRequestException($"The author needs a client id of 1 to {MaxClientIdLength} characters.");
        }
    }

    public Task<DocumentWatch> Watch(IDocumentObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var added = _watchers.Subscribe(observer);
        return Task.FromResult(new DocumentWatch(_activation, _version, added));
    }

    public Task Unwatch(IDocumentObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _watchers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private Task PublishPresenceAsync(DocumentPresence presence) => PublishAsync(presence, static (watcher, item) => watcher.OnPresence(item));

    private Task PublishNoticeAsync(DocumentNotice notice) => PublishAsync(notice, static (watcher, item) => watcher.OnNotice(item));

    /// <summary>Pushes an event to the watchers; one that fails is dropped until it renews, and its editors catch up with a pull.</summary>
    private Task PublishAsync<T>(T item, Func<IDocumentObserver, T, Task> send) => _watchers.NotifyAsync(watcher => send(watcher, item));

    [LoggerMessage(Level = LogLevel.Error, Message = "Document {DocumentKey}: storing an update failed; the activation reloads from storage")]
    private static partial void LogPersistFailed(ILogger logger, Exception ex, string documentKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document {DocumentKey}: storing a snapshot failed (the update log still holds every update)")]
    private static partial void LogSnapshotFailed(ILogger logger, Exception ex, string documentKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Document {DocumentKey} deactivated at version {Version} ({Reason})")]
    private static partial void LogDeactivated(ILogger logger, string documentKey, int version, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document {DocumentKey}: writing on deactivation failed")]
    private static partial void LogDeactivationWriteFailed(ILogger logger, Exception ex, string documentKey);
}
