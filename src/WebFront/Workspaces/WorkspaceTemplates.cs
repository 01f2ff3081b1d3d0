namespace Vibe.WebFront.Workspaces;

/// <summary>The templates a workspace can be created from; each is an image built by deploy/images/build.sh.</summary>
internal static class WorkspaceTemplates
{
    public static IReadOnlyList<WorkspaceTemplate> All { get; } =
    [
        new("blank", "Blank", "A minimal shell: busybox (sh, coreutils, httpd) on an empty image. Starts in about a second."),
        new("node", "Node.js", "Debian bookworm with Node.js 18, npm and git."),
        new("python", "Python", "Debian bookworm with Python 3.11, pip, venv and git."),
    ];

    public static bool Exists(string? id)
    {
        foreach (var template in All)
        {
            if (template.Id == id)
            {
                return true;
            }
        }

        return false;
    }
}
