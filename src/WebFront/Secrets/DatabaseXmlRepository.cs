using System.Xml.Linq;
using Dapper;
using Vibe.WebFront.Data;

namespace Vibe.WebFront.Secrets;

/// <summary>
/// Keeps the ASP.NET Core Data Protection key ring in the app database (table data_protection_keys), so that every web
/// silo on the database can read what another protected, and a restart keeps the keys. Data Protection calls it rarely
/// (it caches the ring), and its interface is synchronous.
/// </summary>
internal sealed class DatabaseXmlRepository(VibeDatabase database, TimeProvider time) : IKeyRingStore
{
    public IReadOnlyCollection<XElement> GetAllElements() => [.. GetAllNamedElements().Select(entry => entry.Element)];

    public IReadOnlyList<(string Name, XElement Element)> GetAllNamedElements()
    {
        using var connection = database.OpenAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var rows = connection.Query<KeyRow>("SELECT name, xml FROM data_protection_keys ORDER BY created_at, name");
        return [.. rows.Select(row => (row.Name, XElement.Parse(row.Xml)))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var name = string.IsNullOrEmpty(friendlyName) ? $"element-{Guid.NewGuid():N}" : friendlyName;
        using var connection = database.OpenAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        connection.Execute(
            "INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@name, @xml, @now) ON CONFLICT (name) DO NOTHING",
            new { name, xml = element.ToString(SaveOptions.DisableFormatting), now = time.GetUtcNow().ToUnixTimeMilliseconds() });
    }

    public void ReplaceElement(string name, XElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var connection = database.OpenAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        connection.Execute("UPDATE data_protection_keys SET xml = @xml WHERE name = @name", new { name, xml = element.ToString(SaveOptions.DisableFormatting) });
    }

    private sealed class KeyRow
    {
        public string Name { get; set; } = "";

        public string Xml { get; set; } = "";
    }
}
