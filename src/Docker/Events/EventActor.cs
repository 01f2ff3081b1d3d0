namespace Vibe.Docker.Events;

/// <summary>The object an event is about, with attributes such as its name, image, labels and exit code.</summary>
public sealed class EventActor
{
    public string ID { get; init; } = "";

    public IReadOnlyDictionary<string, string>? Attributes { get; init; }
}
