namespace Vibe.Hosting.Tests.Grains;

/// <summary>A grain with one persistent state in the default storage.</summary>
[Alias("Vibe.Hosting.Tests.INoteGrain")]
public interface INoteGrain : IGrainWithStringKey
{
    /// <summary>The state as this activation holds it.</summary>
    [Alias("Read")]
    Task<NoteState> Read();

    /// <summary>Sets the text, increments the revision and writes the state.</summary>
    [Alias("Write")]
    Task Write(string text);

    /// <summary>Clears the stored state.</summary>
    [Alias("Clear")]
    Task Clear();

    /// <summary>Deactivates after this call, so that the next call reads the state from storage.</summary>
    [Alias("Deactivate")]
    Task Deactivate();
}
