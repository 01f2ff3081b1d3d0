namespace Vibe.Docker.Images;

/// <summary>Says why a template image build failed, for the person waiting on it, from the daemon's error and the build's last lines.</summary>
internal static class BuildFailure
{
    private const string Prefix = "The template image could not be built: ";

    public static string Describe(string error, IReadOnlyCollection<string> lastLines)
    {
        if (Mentions(lastLines, error, "Temporary failure resolving", "Could not resolve", "Failed to fetch", "Unable to fetch", "Connection timed out", "Network is unreachable", "Unable to connect"))
        {
            return Prefix + "a package could not be downloaded (the package mirror did not answer). Try again when the network is back; the server log has the details.";
        }

        if (Mentions(lastLines, error, "Unable to locate package", "has no installation candidate"))
        {
            return Prefix + "a package it needs is not in the package mirror. An administrator can check the mirror; the server log has the details.";
        }

        if (Mentions(lastLines, error, "No space left on device"))
        {
            return Prefix + "the server is out of disk space. An administrator can free some and try again.";
        }

        if (Mentions(lastLines, error, "pull access denied", "repository does not exist", "manifest unknown"))
        {
            return Prefix + "its base image is missing and cannot be downloaded here. An administrator can build it with ./run.sh --prebuild.";
        }

        return Prefix + "a build step failed. Try again; if it fails again, an administrator will find the details in the server log.";
    }

    private static bool Mentions(IReadOnlyCollection<string> lines, string error, params string[] needles)
    {
        foreach (var needle in needles)
        {
            if (error.Contains(needle, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            foreach (var line in lines)
            {
                if (line.Contains(needle, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
