using Microsoft.Extensions.Logging;
using Vibe.Grains.Interfaces.Documents;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Grains.Workspaces.Files;

namespace Vibe.Grains.Documents;

/// <summary>
/// File sync: the text goes to the workspace file <see cref="DocumentOptions.WriteDelay"/> after the first unsaved edit and on
/// deactivation; a timer polls the file (size, modification time, inode; the content's hash when those change) and turns a
/// change made outside into an update from <see cref="DocumentKeys.DiskClientId"/> once checks half a poll period apart see
/// the same file (so a writer caught half-way is not taken). Our own writes are recognised by their hash and never come back.
/// A file missing for half a poll period closes the document (moved when a file with its inode is in the same directory).
/// </summary>
internal sealed partial class DocumentGrain
{
    private DocumentFileContent _fileFormat = new("", "\n", false);
    private string? _diskHash;
    private WorkspaceFileStat? _diskStat;
    private WorkspaceFileStat? _settlingStat;
    private bool _dirty;
    private bool _writeScheduled;
    private DateTimeOffset? _missingSince;
    private DateTimeOffset _settlingSince;
    private IGrainTimer? _writeTimer;
    private IGrainTimer? _pollTimer;

    private TimeSpan SettleTime => _options.DiskPollPeriod / 2;

    /// <summary>After the document was rebuilt (first load or activation): reconciles it with the file and starts watching it.</summary>
    private async Task OnRestoredAsync(CancellationToken cancellationToken)
    {
        if (_closed)
        {
            return;
        }

        await CheckDiskAsync(afterRestore: true, cancellationToken);
        if (!_closed)
        {
            _pollTimer ??= this.RegisterGrainTimer(static (self, ct) => self.PollAsync(ct), this, new GrainTimerCreationOptions(_options.DiskPollPeriod, _options.DiskPollPeriod) { KeepAlive = true });
        }
    }

    private void OnTextChanged()
    {
        _dirty = true;
        if (!_writeScheduled)
        {
            ScheduleWrite(_options.WriteDelay);
        }
    }

    private void ScheduleWrite(TimeSpan delay)
    {
        if (_closed)
        {
            return;
        }

        _writeScheduled = true;
        _writeTimer ??= this.RegisterGrainTimer(static (self, ct) => self.WriteTickAsync(ct), this, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        _writeTimer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private void StopFileSync()
    {
        _writeTimer?.Dispose();
        _writeTimer = null;
        _pollTimer?.Dispose();
        _pollTimer = null;
        _writeScheduled = false;
    }

    public async Task Flush()
    {
        await EnsureLoadedAsync();
        Touch();
        await _edits.WaitAsync();
        try
        {
            await FlushFileAsync(CancellationToken.None);
        }
        finally
        {
            _edits.Release();
        }
    }

    private async Task WriteTickAsync(CancellationToken cancellationToken)
    {
        await _edits.WaitAsync(cancellationToken);
        try
        {
            _writeScheduled = false;
            await FlushFileAsync(cancellationToken);
        }
        finally
        {
            _edits.Release();
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        await _edits.WaitAsync(cancellationToken);
        try
        {
            await PollCoreAsync(cancellationToken);
        }
        finally
        {
            _edits.Release();
        }
    }

    private async Task PollCoreAsync(CancellationToken cancellationToken)
    {
        if (_text is null || _closed || _broken)
        {
            return;
        }

        await CheckDiskAsync(afterRestore: false, cancellationToken);
        DropStalePresence();
        if (!_closed && _presence.Count == 0 && _waitingPulls == 0 && DateTimeOffset.UtcNow - _lastActivity >= _options.IdleTimeout)
        {
            // Nobody is here: write, stop watching and let the activation go; the next call reconciles with the file again.
            LogIdle(logger, Key, _options.IdleTimeout);
            await FlushFileAsync(cancellationToken);
            StopFileSync();
            DeactivateOnIdle();
        }
    }

    /// <summary>Writes the text if it changed since the file was last written or read, unless the file changed outside meanwhile (then the file wins).</summary>
    private async Task FlushFileAsync(CancellationToken cancellationToken)
    {
        if (!_dirty || _closed || _text is null)
        {
            return;
        }

        // A change made outside since the last poll is taken first, so writing never silently overwrites it.
        await CheckDiskAsync(afterRestore: false, cancellationToken);
        if (!_dirty || _closed)
        {
            return;
        }

        if (_settlingStat is not null || _missingSince is not null)
        {
            // Something is writing or has just removed the file: let that settle and be taken (the file wins) before
            // writing; writing now would bring back a file deleted outside.
            ScheduleWrite(_options.DiskPollPeriod);
            return;
        }

        var bytes = _fileFormat.Encode(Text.ToString());
        try
        {
            Files.Write(FilePath, bytes);
            _diskStat = Files.Stat(FilePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or WorkspacePathException or WorkspaceFileTooLargeException)
        {
            // The text is stored; the next edit or the deactivation tries again.
            LogFileWriteFailed(logger, ex, Key, FilePath);
            return;
        }

        _dirty = false;
        _missingSince = null;
        _diskHash = DocumentFileContent.Hash(bytes);
        log.State.DiskHash = _diskHash;
    }

    /// <summary>Compares the file with what was last read or written and applies a change made outside as a disk update.</summary>
    private async Task CheckDiskAsync(bool afterRestore, CancellationToken cancellationToken)
    {
        WorkspaceFileStat? stat;
        try
        {
            stat = Files.Stat(FilePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or WorkspacePathException or WorkspaceFileTooLargeException)
        {
            LogFileCheckFailed(logger, ex, Key, FilePath);
            return;
        }

        if (stat is null)
        {
            await OnFileMissingAsync(afterRestore);
            return;
        }

        _missingSince = null;
        if (!afterRestore && stat == _diskStat)
        {
            _settlingStat = null;
            return;
        }

        // A writer may be half-way (truncated, not yet rewritten): take a change only once checks half a poll period apart see the same file.
        if (!afterRestore && (stat != _settlingStat || DateTimeOffset.UtcNow - _settlingSince < SettleTime))
        {
            if (stat != _settlingStat)
            {
                _settlingStat = stat;
                _settlingSince = DateTimeOffset.UtcNow;
            }

            return;
        }

        _settlingStat = null;

        byte[]? bytes;
        try
        {
            bytes = ReadBytes();
        }
        catch (DocumentException ex)
        {
            LogFileCheckFailed(logger, ex, Key, FilePath);
            return;
        }

        if (bytes is null)
        {
            await OnFileMissingAsync(afterRestore);
            return;
        }

        var previousStat = _diskStat;
        _diskStat = stat;
        var hash = DocumentFileContent.Hash(bytes);
        if (hash == _diskHash && !afterRestore)
        {
            return; // touched, or our own write
        }

        DocumentFileContent content;
        try
        {
            content = DocumentFileContent.Decode(bytes, FilePath);
        }
        catch (DocumentException ex)
        {
            await CloseAsync(DocumentNoticeKind.Deleted, null, $"{ex.Message} The document is closed.");
            return;
        }

        if (content.Text == Text.ToString())
        {
            _diskHash = hash;
            _fileFormat = content with { Text = "" }; // only its line ending and byte order mark are kept
            _dirty = false;
            return;
        }

        if (afterRestore && hash == _diskHash)
        {
            // The file is as this document last left it: edits made since were not written yet (a crash). Write them now.
            _dirty = true;
            OnTextChanged();
            return;
        }

        _diskHash = hash;
        _fileFormat = content with { Text = "" }; // only its line ending and byte order mark are kept
        log.State.DiskHash = hash;
        var change = TextChange.Between(Text.ToString(), content.Text);
        var json = ChangeSet.Replacement(Text.Length, change.From, change.Deleted, change.Insert);
        var update = new DocumentUpdate(DocumentKeys.DiskClientId, json);
        await CommitAsync([update], Validate([update]));

        // The text is the file's now: nothing to write back.
        _dirty = false;
        LogDiskChange(logger, Key, _version, previousStat?.Size ?? -1, stat.Value.Size);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task OnFileMissingAsync(bool afterRestore)
    {
        // An editor saving by rename leaves the path empty for a moment: only a miss that lasts closes the document.
        if (!afterRestore && (_missingSince is not { } since || DateTimeOffset.UtcNow - since < SettleTime))
        {
            _missingSince ??= DateTimeOffset.UtcNow;
            return;
        }

        string? movedTo = null;
        if (_diskStat is { } last)
        {
            try
            {
                movedTo = Files.FindByInode(WorkspacePath.Parse(FilePath, allowRoot: false).ParentRelative, last.Inode);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or WorkspacePathException or WorkspaceFileTooLargeException)
            {
                LogFileCheckFailed(logger, ex, Key, FilePath);
            }
        }

        if (movedTo is not null)
        {
            await CloseAsync(DocumentNoticeKind.Moved, movedTo, $"'{FilePath}' was renamed to '{movedTo}' on disk; the document is closed here.");
        }
        else
        {
            await CloseAsync(DocumentNoticeKind.Deleted, null, $"'{FilePath}' was deleted on disk; the document is closed.");
        }
    }

    /// <summary>Closes the document: stored as closed, pulls answer Closed, everyone is told and leaves.</summary>
    private async Task CloseAsync(DocumentNoticeKind kind, string? movedTo, string message)
    {
        _closed = true;
        _dirty = false;
        StopFileSync();
        snapshot.State.ClosedKind = kind;
        snapshot.State.MovedTo = movedTo;
        try
        {
            await WriteSnapshotAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogSnapshotFailed(logger, ex, Key);
        }

        LogClosed(logger, Key, kind, movedTo);
        Signal();
        await PublishNoticeAsync(new DocumentNotice(Key, kind, movedTo, message));
        await ClearPresenceAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Document {DocumentKey}: no one present and no call for {IdleTimeout}; writing and deactivating")]
    private static partial void LogIdle(ILogger logger, string documentKey, TimeSpan idleTimeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "Document {DocumentKey}: the file changed on disk ({OldSize} -> {NewSize} bytes); applied as version {Version}")]
    private static partial void LogDiskChange(ILogger logger, string documentKey, int version, long oldSize, long newSize);

    [LoggerMessage(Level = LogLevel.Information, Message = "Document {DocumentKey} closed: the file was {Kind} (new path {NewPath})")]
    private static partial void LogClosed(ILogger logger, string documentKey, DocumentNoticeKind kind, string? newPath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document {DocumentKey}: writing {Path} failed; the text is stored and is written on the next try")]
    private static partial void LogFileWriteFailed(ILogger logger, Exception ex, string documentKey, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document {DocumentKey}: checking {Path} on disk failed")]
    private static partial void LogFileCheckFailed(ILogger logger, Exception ex, string documentKey, string path);
}
