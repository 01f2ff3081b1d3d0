using System.Globalization;
using System.Text;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.Grains.Workspaces.Files;

/// <summary>
/// A path inside a workspace, checked before anything touches the disk: relative, '/'-separated, without '..' segments
/// or control characters. Empty and '.' segments are dropped, so "" and "." name the workspace root. Symlinks are
/// checked when the path is resolved (<see cref="WorkspaceFileSystem"/>), not here.
/// </summary>
public sealed class WorkspacePath
{
    /// <summary>Linux's PATH_MAX.</summary>
    public const int MaxPathBytes = 4096;

    /// <summary>Linux's NAME_MAX.</summary>
    public const int MaxSegmentBytes = 255;

    private WorkspacePath(string original, string[] segments)
    {
        Original = original;
        Segments = segments;
    }

    /// <summary>The path as the caller gave it, for messages.</summary>
    public string Original { get; }

    public IReadOnlyList<string> Segments { get; }

    public bool IsRoot => Segments.Count == 0;

    /// <summary>The last segment; throws for the root.</summary>
    public string Name => IsRoot ? throw new InvalidOperationException("The workspace root has no name.") : Segments[^1];

    /// <summary>The normalized relative path ("." for the root).</summary>
    public string Relative => IsRoot ? "." : string.Join('/', Segments);

    /// <summary>The normalized relative path of the parent ("." for entries of the root).</summary>
    public string ParentRelative => Segments.Count <= 1 ? "." : string.Join('/', Segments.Take(Segments.Count - 1));

    /// <summary>Checks and normalizes <paramref name="path"/>; throws <see cref="WorkspacePathException"/> saying what is wrong.</summary>
    public static WorkspacePath Parse(string? path, bool allowRoot)
    {
        path ??= "";
        if (Encoding.UTF8.GetByteCount(path) > MaxPathBytes)
        {
            throw new WorkspacePathException($"The path is longer than {MaxPathBytes} bytes.");
        }

        for (var i = 0; i < path.Length; i++)
        {
            if (char.IsControl(path[i]))
            {
                throw new WorkspacePathException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"'{Printable(path)}' contains a control character (U+{(int)path[i]:X4}) at position {i}; file names may not contain NUL or control characters."));
            }

            if (char.IsSurrogate(path[i]) && (!char.IsHighSurrogate(path[i]) || i + 1 == path.Length || !char.IsLowSurrogate(path[i + 1])))
            {
                throw new WorkspacePathException($"'{Printable(path)}' is not valid Unicode (a lone surrogate at position {i}).");
            }

            if (char.IsHighSurrogate(path[i]))
            {
                i++;
            }
        }

        if (path.StartsWith('/'))
        {
            throw new WorkspacePathException($"'{path}' is absolute; give a path relative to the workspace root (for example 'src/app.js' for /workspace/src/app.js).");
        }

        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                throw new WorkspacePathException($"'{path}' contains a '..' segment; paths may not climb out of (or within) the workspace.");
            }

            if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
            {
                throw new WorkspacePathException($"'{path}' has a name longer than {MaxSegmentBytes} bytes.");
            }

            segments.Add(segment);
        }

        if (segments.Count == 0 && !allowRoot)
        {
            throw new WorkspacePathException($"'{path}' names the workspace root itself; give the path of a file or directory inside it.");
        }

        return new WorkspacePath(path, [.. segments]);
    }

    public override string ToString() => Relative;

    private static string Printable(string path)
    {
        var builder = new StringBuilder(path.Length);
        foreach (var c in path)
        {
            builder.Append(char.IsControl(c) ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}") : c);
        }

        return builder.ToString();
    }
}
