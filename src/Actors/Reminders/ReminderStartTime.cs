namespace Vibe.Actors.Reminders;

/// <summary>Reminder start times are stored in UTC; an unspecified kind is taken to be UTC already.</summary>
internal static class ReminderStartTime
{
    public static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
