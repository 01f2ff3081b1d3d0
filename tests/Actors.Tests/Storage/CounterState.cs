namespace Vibe.Actors.Tests.Storage;

/// <summary>The grain state the storage tests write and read back.</summary>
public sealed class CounterState
{
    public int Count { get; set; }

    public List<string> Items { get; set; } = [];
}
