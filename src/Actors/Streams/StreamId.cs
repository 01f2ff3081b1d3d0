namespace Vibe.Actors.Streams;

/// <summary>Names a stream: a namespace (for example "logs") and a key within it (for example a workspace id).</summary>
public readonly record struct StreamId(string Namespace, string Key)
{
    public static StreamId Create(string @namespace, string key) => new(@namespace, key);

    public static StreamId Create(string @namespace, Guid key) => new(@namespace, key.ToString("N"));

    public override string ToString() => $"{Namespace}/{Key}";
}
