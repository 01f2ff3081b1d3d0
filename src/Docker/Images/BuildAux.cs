namespace Vibe.Docker.Images;

/// <summary>The <c>aux</c> object of a build stream: the built image's ID.</summary>
internal sealed class BuildAux
{
    public string? ID { get; init; }
}
