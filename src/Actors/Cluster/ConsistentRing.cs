namespace Vibe.Actors.Cluster;

/// <summary>
/// A consistent-hash ring over silos, with virtual nodes so ranges are even: the owner of a hash is the
/// first silo point at or after it. Adding or removing a silo moves only that silo's ranges.
/// </summary>
internal sealed class ConsistentRing
{
    private const int VirtualNodes = 32;
    private readonly uint[] _points;
    private readonly SiloAddress[] _owners;

    private ConsistentRing(uint[] points, SiloAddress[] owners)
    {
        _points = points;
        _owners = owners;
    }

    public bool IsEmpty => _points.Length == 0;

    public static ConsistentRing Build(IEnumerable<SiloAddress> silos)
    {
        var entries = new List<(uint Point, SiloAddress Silo)>();
        foreach (var silo in silos)
        {
            for (var v = 0; v < VirtualNodes; v++)
            {
                entries.Add((silo.GetStableHash(v), silo));
            }
        }

        entries.Sort((a, b) => a.Point != b.Point ? a.Point.CompareTo(b.Point) : a.Silo.CompareTo(b.Silo));
        return new ConsistentRing([.. entries.Select(e => e.Point)], [.. entries.Select(e => e.Silo)]);
    }

    /// <summary>The silo that owns <paramref name="hash"/>, or null if the ring is empty.</summary>
    public SiloAddress? Owner(uint hash)
    {
        if (_points.Length == 0)
        {
            return null;
        }

        var index = Array.BinarySearch(_points, hash);
        if (index < 0)
        {
            index = ~index;
        }

        return _owners[index == _points.Length ? 0 : index];
    }
}
