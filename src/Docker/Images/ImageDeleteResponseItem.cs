namespace Vibe.Docker.Images;

/// <summary>One effect of removing an image: a tag removed or a layer deleted.</summary>
public sealed class ImageDeleteResponseItem
{
    public string? Untagged { get; init; }

    public string? Deleted { get; init; }
}
