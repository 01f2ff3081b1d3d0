namespace Vibe.Actors.Reminders;

internal sealed record GrainReminder(string ReminderName) : IGrainReminder;
