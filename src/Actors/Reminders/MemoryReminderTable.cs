using Vibe.Actors.Storage;

namespace Vibe.Actors.Reminders;

/// <summary>Reminders in this process's memory, for tests and single-process runs; they do not survive a restart.</summary>
public sealed class MemoryReminderTable : IReminderTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(GrainId GrainId, string ReminderName), (ReminderEntry Entry, int Version)> _reminders = [];

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(Sorted(_reminders.Values));
        }
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(Sorted(_reminders.Values.Where(row => row.Entry.GrainId == grainId)));
        }
    }

    public Task<ReminderEntry?> ReadAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(_reminders.TryGetValue((grainId, reminderName), out var row) ? row.Entry : null);
        }
    }

    public Task<string> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var key = (entry.GrainId, entry.ReminderName);
        lock (_lock)
        {
            var version = _reminders.TryGetValue(key, out var existing) ? existing.Version + 1 : 1;
            var eTag = StorageETag.Format(version);
            _reminders[key] = (entry with { StartAt = ReminderStartTime.ToUtc(entry.StartAt), ETag = eTag }, version);
            return Task.FromResult(eTag);
        }
    }

    public Task<bool> RemoveAsync(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var key = (grainId, reminderName);
        lock (_lock)
        {
            return Task.FromResult(_reminders.TryGetValue(key, out var existing) && existing.Entry.ETag == eTag && _reminders.Remove(key));
        }
    }

    private static IReadOnlyList<ReminderEntry> Sorted(IEnumerable<(ReminderEntry Entry, int Version)> rows) =>
        rows.Select(row => row.Entry)
            .OrderBy(entry => entry.GrainId.Type, StringComparer.Ordinal)
            .ThenBy(entry => entry.GrainId.Key, StringComparer.Ordinal)
            .ThenBy(entry => entry.ReminderName, StringComparer.Ordinal)
            .ToList();
}
