namespace Vibe.E2E.Tests.Fixtures;

/// <summary>
/// A <see cref="VibeApp"/> whose running workspaces are stopped after <see cref="IdleTimeout"/> without activity, checked
/// every two seconds (a reminder, so the minimum reminder period is lowered to match).
/// </summary>
public sealed class IdleStopApp : IAsyncLifetime
{
    /// <summary>Long enough for the process to restart before a workspace touched just before it goes idle, even on two loaded cores.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(90);

    public VibeApp App { get; } = new();

    public Task InitializeAsync()
    {
        App.ExtraSettings["Vibe:Workspaces:IdleTimeout"] = IdleTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        App.ExtraSettings["Vibe:Workspaces:IdleCheckPeriod"] = "00:00:02";
        App.ExtraSettings["Vibe:Reminders:MinimumReminderPeriod"] = "00:00:01";
        return App.InitializeAsync();
    }

    public Task DisposeAsync() => App.DisposeAsync();
}
