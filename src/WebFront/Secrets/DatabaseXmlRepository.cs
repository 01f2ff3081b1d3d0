using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Vibe.WebFront.Data;

namespace Vibe.WebFront.Agents;

/// <summary>
/// Keeps the ASP.NET Core Data Protection key ring in the app database (table data_protection_keys), so that every web
/// silo on the database can read what another protected, and a restart keeps the keys. Data Protection calls it rarely
/// (it caches the ring), and its interface is synchronous.
/// </summary>
internal sealed class DatabaseXmlRepository(VibeDatabase database, TimeProvider time) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.OpenAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var rows = connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY created_at, name");
        return [.. rows.Select(row => XElement.Parse(row))];
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
}
