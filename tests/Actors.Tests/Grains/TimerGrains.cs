namespace Vibe.Actors.Tests.Grains;

public interface ITimerGrain : IGrainWithStringKey
{
    Task StartTimer(int periodMs);

    Task StopTimer();

    Task<int> Ticks();

    /// <summary>Holds the turn for a while; a tick that runs meanwhile is an interleaving violation.</summary>
    Task Busy(int milliseconds);

    Task<int> Violations();
}

public sealed class TimerGrain : Grain, ITimerGrain
{
    private IGrainTimer? _timer;
    private int _ticks;
    private bool _busy;
    private int _violations;

    public Task StartTimer(int periodMs)
    {
        _timer = RegisterGrainTimer(
            ct =>
            {
                if (_busy)
                {
                    _violations++;
                }

                _ticks++;
                return Task.CompletedTask;
            },
            TimeSpan.FromMilliseconds(periodMs),
            TimeSpan.FromMilliseconds(periodMs));
        return Task.CompletedTask;
    }

    public Task StopTimer()
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public Task<int> Ticks() => Task.FromResult(_ticks);

    public async Task Busy(int milliseconds)
    {
        _busy = true;
        await Task.Delay(milliseconds);
        _busy = false;
    }

    public Task<int> Violations() => Task.FromResult(_violations);
}

public sealed class ReminderLog
{
    public int Received;
}

public interface IReminderGrain : IGrainWithStringKey
{
    Task Register(string name, int periodMs);

    Task Unregister(string name);

    Task<int> Received();

    Task<IReadOnlyList<string>> ReminderNames();
}

public sealed class ReminderGrain([PersistentState("reminders")] IPersistentState<ReminderGrain.Counts> counts) : Grain, IReminderGrain, IRemindable
{
    public async Task Register(string name, int periodMs) =>
        await RegisterOrUpdateReminder(name, TimeSpan.FromMilliseconds(periodMs), TimeSpan.FromMilliseconds(periodMs));

    public async Task Unregister(string name)
    {
        if (await GetReminder(name) is { } reminder)
        {
            await UnregisterReminder(reminder);
        }
    }

    public Task<int> Received() => Task.FromResult(counts.State.Received);

    public async Task<IReadOnlyList<string>> ReminderNames() => [.. (await GetReminders()).Select(r => r.ReminderName)];

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        counts.State.Received++;
        await counts.WriteStateAsync();
    }

    public sealed class Counts
    {
        public int Received { get; set; }
    }
}
