namespace Vibe.Hosting.Tests.Grains;

internal sealed class NoteGrain([PersistentState(NoteGrain.StateName)] IPersistentState<NoteState> note) : Grain, INoteGrain
{
    /// <summary>The state name: what the storage row carries (state_name).</summary>
    public const string StateName = "hosting-tests-note";

    public Task<NoteState> Read() => Task.FromResult(note.State);

    public Task Write(string text)
    {
        note.State.Text = text;
        note.State.Revision++;
        return note.WriteStateAsync();
    }

    public Task Clear() => note.ClearStateAsync();

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
