namespace Vibe.Hosting.Tests.Grains;

internal sealed class TickGrain([PersistentState("hosting-tests-ticks")] IPersistentState<TickState> state) : Grain, ITickGrain, IRemindable
{
    public const string ReminderName = "tick";

    public Task Start(TimeSpan period) => this.RegisterOrUpdateReminder(ReminderName, period, period);

    public async Task Stop()
    {
        var reminder = await this.GetReminder(ReminderName);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task<int> Ticks() => Task.FromResult(state.State.Ticks);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.Ticks++;
        return state.WriteStateAsync();
    }
}
