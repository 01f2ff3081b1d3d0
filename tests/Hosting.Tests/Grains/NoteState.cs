namespace Vibe.Hosting.Tests.Grains;

/// <summary>The state of a <see cref="NoteGrain"/>.</summary>
[GenerateSerializer]
[Alias("Vibe.Hosting.Tests.NoteState")]
public sealed class NoteState
{
    [Id(0)]
    public string Text { get; set; } = "";

    [Id(1)]
    public int Revision { get; set; }
}
