using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Vibe.WebFront.Secrets;

/// <summary>Where the Data Protection key ring is kept, with what rewrapping under a new key-encryption key needs: entries by name, and replacing one.</summary>
internal interface IKeyRingStore : IXmlRepository
{
    /// <summary>Every stored entry with the name it is stored under.</summary>
    IReadOnlyList<(string Name, XElement Element)> GetAllNamedElements();

    /// <summary>Replaces the entry stored under <paramref name="name"/>.</summary>
    void ReplaceElement(string name, XElement element);
}
