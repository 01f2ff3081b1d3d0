namespace Vibe.Docker.Containers;

internal sealed class ContainerWaitResponse
{
    public long StatusCode { get; init; }

    public ContainerWaitError? Error { get; init; }
}
