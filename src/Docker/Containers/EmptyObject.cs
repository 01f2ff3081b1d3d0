namespace Vibe.Docker.Containers;

/// <summary>The <c>{}</c> the API uses as set members (<c>"ExposedPorts": {"8080/tcp": {}}</c>).</summary>
public sealed class EmptyObject
{
    public static EmptyObject Instance { get; } = new();
}
