namespace Vibe.WebFront.Workspaces;

/// <summary>
/// The templates a workspace can be created from: the built-in ones, each an image of deploy/images built by the first start
/// that needs it (or beforehand by ./run.sh --prebuild), with their starter projects in deploy/images/&lt;template&gt;/starter;
/// then those the configuration adds under <c>Vibe:Templates:&lt;id&gt;</c> (Name, Description, Starter, DockerfilePath),
/// whose Dockerfile the silo builds the same way.
/// </summary>
internal sealed class WorkspaceTemplates
{
    public const string SectionName = "Vibe:Templates";

    private static readonly WorkspaceTemplate[] BuiltIn =
    [
        new("blank", "Blank", "A minimal shell: busybox (sh, coreutils, httpd) on an empty image. Starts in about a second.", null),
        new(
            "node",
            "Node.js",
            "Debian bookworm with Node.js 18, npm and git.",
            "Starts with a small web server (server.js, no dependencies): run npm run dev, it serves on port 3000."),
        new(
            "python",
            "Python",
            "Debian bookworm with Python 3.11, pip, venv and git.",
            "Starts with a small web app on the standard library (app.py): run python3 app.py, it serves on port 8000."),
    ];

    public WorkspaceTemplates(IConfiguration configuration)
    {
        var all = new List<WorkspaceTemplate>(BuiltIn);
        foreach (var section in configuration.GetSection(SectionName).GetChildren())
        {
            all.RemoveAll(t => t.Id == section.Key);
            all.Add(new WorkspaceTemplate(section.Key, section["Name"] ?? section.Key, section["Description"] ?? "", section["Starter"]));
        }

        All = all;
    }

    public IReadOnlyList<WorkspaceTemplate> All { get; }

    public bool Exists(string? id) => All.Any(t => t.Id == id);
}
