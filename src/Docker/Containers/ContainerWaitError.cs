namespace Vibe.Docker.Containers;

internal sealed class ContainerWaitError
{
    public string? Message { get; init; }
}
