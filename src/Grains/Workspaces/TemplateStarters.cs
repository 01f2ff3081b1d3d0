using System.Reflection;
using System.Runtime.Versioning;

namespace Vibe.Grains.Workspaces;

/// <summary>
/// The starter project of each template (deploy/images/&lt;template&gt;/starter, embedded here): a new workspace of that template
/// begins with these files in /workspace. Templates without one (blank) begin empty.
/// </summary>
internal sealed class TemplateStarters
{
    private const string Prefix = "starters/";
    private const string StarterDirectory = "/starter/";

    private readonly Dictionary<string, List<(string Path, string Resource)>> _files = new(StringComparer.Ordinal);

    public TemplateStarters()
    {
        foreach (var resource in Assembly.GetManifestResourceNames())
        {
            // starters/<template>/starter/<path>; MSBuild may write the directory separator of the machine that built it.
            var name = resource.Replace('\\', '/');
            var split = name.IndexOf(StarterDirectory, StringComparison.Ordinal);
            if (!name.StartsWith(Prefix, StringComparison.Ordinal) || split < 0)
            {
                continue;
            }

            var template = name[Prefix.Length..split];
            if (!_files.TryGetValue(template, out var files))
            {
                _files[template] = files = [];
            }

            files.Add((name[(split + StarterDirectory.Length)..], resource));
        }
    }

    private static Assembly Assembly => typeof(TemplateStarters).Assembly;

    /// <summary>The relative paths of <paramref name="template"/>'s starter files, sorted.</summary>
    public IReadOnlyList<string> FilesOf(string template) =>
        _files.TryGetValue(template, out var files) ? [.. files.Select(f => f.Path).Order(StringComparer.Ordinal)] : [];

    /// <summary>Writes the starter files of <paramref name="template"/> into the workspace through <paramref name="files"/> (which sets their owner).</summary>
    [SupportedOSPlatform("linux")]
    public async Task CopyAsync(string template, Files.WorkspaceFileSystem files)
    {
        if (!_files.TryGetValue(template, out var starter))
        {
            return;
        }

        Directory.CreateDirectory(files.Root);
        foreach (var (path, resource) in starter)
        {
            await using var stream = Assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Embedded resource {resource} is missing from {Assembly.GetName().Name}.");
            using var content = new MemoryStream();
            await stream.CopyToAsync(content);
            files.Write(path, content.ToArray());
        }
    }
}
