using System.Diagnostics;

namespace Vibe.Grains.Tests.Fixtures;

/// <summary>Who owns a host file, as <c>uid:gid</c> (.NET has no stat for it).</summary>
public static class FileOwner
{
    public static async Task<string> OfAsync(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%u:%g", path]) { RedirectStandardOutput = true })!;
        var output = await stat.StandardOutput.ReadToEndAsync();
        await stat.WaitForExitAsync();
        return output.Trim();
    }
}
