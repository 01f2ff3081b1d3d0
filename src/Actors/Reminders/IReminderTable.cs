namespace Vibe.Actors.Reminders;

/// <summary>Where reminders are persisted: in memory for tests, SQLite for the embedded default, PostgreSQL in production.</summary>
public interface IReminderTable
{
    /// <summary>Creates tables if needed; called once when the silo starts.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>All reminders of the service (one silo owns all of them for now).</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<ReminderEntry>> ReadAsync(GrainId grainId, CancellationToken cancellationToken);

    Task<ReminderEntry?> ReadAsync(GrainId grainId, string reminderName, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the row; returns its new ETag.</summary>
    Task<string> UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken);

    /// <summary>Removes the row if its ETag matches; returns false if it did not.</summary>
    Task<bool> RemoveAsync(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken);
}
