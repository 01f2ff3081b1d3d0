namespace Vibe.Docker.Images;

/// <summary>The Dockerfiles of deploy/images, embedded in this assembly so a silo builds template images without the checkout.</summary>
internal static class EmbeddedDockerfiles
{
    /// <summary>The Dockerfile of deploy/images/<paramref name="template"/> (resource <c>Vibe.Docker.Images.{template}.Dockerfile</c>).</summary>
    public static byte[] Read(string template)
    {
        var name = $"Vibe.Docker.Images.{template}.Dockerfile";
        using var resource = typeof(EmbeddedDockerfiles).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing from {typeof(EmbeddedDockerfiles).Assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        resource.CopyTo(copy);
        return copy.ToArray();
    }
}
