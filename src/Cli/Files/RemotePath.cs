namespace Vibe.Cli.Files;

/// <summary>
/// A <c>WS:PATH</c> argument of <c>vibe cp</c>: the workspace (id or name) and a path in its /workspace directory, relative
/// ("src/app.js") or absolute ("/workspace/src/app.js"). <see cref="Path"/> is normalized relative to /workspace ("" is
/// /workspace itself); <see cref="NamesDirectory"/> says the argument ended with '/'.
/// </summary>
internal sealed record RemotePath(string Workspace, string Path, bool NamesDirectory)
{
    public const string Root = "/workspace";

    /// <summary>The absolute path in the container.</summary>
    public string Absolute => AbsoluteOf(Path);

    /// <summary>Whether <paramref name="argument"/> names a workspace path: a ':' before any '/' (as scp); "./a:b" is local.</summary>
    public static bool IsRemote(string argument)
    {
        var colon = argument.IndexOf(':', StringComparison.Ordinal);
        var slash = argument.IndexOf('/', StringComparison.Ordinal);
        return colon > 0 && (slash < 0 || colon < slash);
    }

    public static RemotePath Parse(string argument)
    {
        var colon = argument.IndexOf(':', StringComparison.Ordinal);
        var workspace = argument[..colon];
        var path = argument[(colon + 1)..];
        var namesDirectory = path.EndsWith('/') || path is "" or "." or Root;
        if (path.StartsWith('/'))
        {
            if (path != Root && !path.StartsWith(Root + "/", StringComparison.Ordinal))
            {
                throw new CliException($"'{path}' is outside /workspace: vibe cp copies to and from a workspace's /workspace directory (give a path in it, or one relative to it).");
            }

            path = path[Root.Length..];
        }

        var segments = new List<string>();
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    throw new CliException($"'{argument}' leads out of /workspace: vibe cp copies within a workspace's /workspace directory.");
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        return new RemotePath(workspace, string.Join('/', segments), namesDirectory);
    }

    /// <summary>The last segment of a normalized path ("" for the root).</summary>
    public static string NameOf(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>The parent of a normalized path ("" for a top-level entry and for the root).</summary>
    public static string ParentOf(string path) => path.LastIndexOf('/') is var at and >= 0 ? path[..at] : "";

    /// <summary>The absolute container path of a normalized path.</summary>
    public static string AbsoluteOf(string path) => path.Length == 0 ? Root : $"{Root}/{path}";

    public static string Join(string directory, string name) => directory.Length == 0 ? name : $"{directory}/{name}";
}
