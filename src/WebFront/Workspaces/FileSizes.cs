using System.Globalization;

namespace Vibe.WebFront.Workspaces;

/// <summary>File sizes in the words of the file API's messages.</summary>
internal static class FileSizes
{
    /// <summary>"5 MiB", "1.5 MiB", "200 KiB", "12 bytes".</summary>
    public static string Describe(long bytes) => bytes switch
    {
        >= 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}
