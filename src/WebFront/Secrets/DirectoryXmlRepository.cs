using System.Xml.Linq;

namespace Vibe.WebFront.Secrets;

/// <summary>
/// Keeps the key ring as one file per entry, NAME.xml, in Vibe:Agent:KeyRingDirectory (the layout of Data Protection's
/// own file system repository, so a directory it wrote reads the same); files are created readable by this user only.
/// </summary>
internal sealed class DirectoryXmlRepository(string directory) : IKeyRingStore
{
    public IReadOnlyCollection<XElement> GetAllElements() => [.. GetAllNamedElements().Select(entry => entry.Element)];

    public IReadOnlyList<(string Name, XElement Element)> GetAllNamedElements() =>
        !Directory.Exists(directory) ? []
        : [.. Directory.EnumerateFiles(directory, "*.xml").Order(StringComparer.Ordinal).Select(file => (Path.GetFileNameWithoutExtension(file), XElement.Load(file)))];

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var name = string.IsNullOrEmpty(friendlyName) || friendlyName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 ? Guid.NewGuid().ToString("D") : friendlyName;
        Write(name, element, FileMode.CreateNew);
    }

    public void ReplaceElement(string name, XElement element) => Write(name, element, FileMode.Create);

    // Written to a temporary file and renamed, so a reader never sees half an entry.
    private void Write(string name, XElement element, FileMode mode)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".xml");
        if (mode == FileMode.CreateNew && File.Exists(path))
        {
            throw new IOException($"The key ring entry {path} exists already.");
        }

        var temporary = Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            element.Save(stream);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
