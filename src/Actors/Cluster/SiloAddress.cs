using System.Globalization;
using System.Net;

namespace Vibe.Actors.Cluster;

/// <summary>A silo's identity: its endpoint and the generation of the process on it ("ip:port@generation").</summary>
public sealed class SiloAddress : IEquatable<SiloAddress>, IComparable<SiloAddress>
{
    private readonly string _text;
    private readonly int _hash;

    public SiloAddress(IPEndPoint endpoint, int generation)
    {
        Endpoint = endpoint;
        Generation = generation;
        _text = string.Create(CultureInfo.InvariantCulture, $"{endpoint.Address}:{endpoint.Port}@{generation}");
        _hash = StringComparer.Ordinal.GetHashCode(_text);
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>Distinguishes restarts on the same endpoint; a newer generation replaces an older one.</summary>
    public int Generation { get; }

    /// <summary>A generation for a silo starting now: seconds since 2020-01-01, so later starts are larger.</summary>
    public static int NewGeneration() => (int)(DateTime.UtcNow - new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;

    public static SiloAddress Parse(string text)
    {
        var at = text.LastIndexOf('@');
        var colon = at > 0 ? text.LastIndexOf(':', at) : -1;
        if (at <= 0 || colon <= 0
            || !IPAddress.TryParse(text.AsSpan(0, colon), out var ip)
            || !int.TryParse(text.AsSpan(colon + 1, at - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || !int.TryParse(text.AsSpan(at + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var generation))
        {
            throw new FormatException($"'{text}' is not a silo address; expected 'ip:port@generation'.");
        }

        return new SiloAddress(new IPEndPoint(ip, port), generation);
    }

    /// <summary>Whether <paramref name="other"/> is the same endpoint (any generation).</summary>
    public bool IsSameEndpoint(SiloAddress other) => Endpoint.Equals(other.Endpoint);

    /// <summary>A stable hash for the consistent-hash ring (FNV-1a over the text form).</summary>
    public uint GetStableHash(int virtualNode = 0)
    {
        var hash = 2166136261u;
        foreach (var c in _text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        hash = (hash ^ (uint)virtualNode) * 16777619u;
        hash ^= hash >> 15;
        hash *= 0x2c1b3c6du;
        hash ^= hash >> 12;
        return hash;
    }

    public bool Equals(SiloAddress? other) => other is not null && _hash == other._hash && string.Equals(_text, other._text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is SiloAddress other && Equals(other);

    public override int GetHashCode() => _hash;

    public int CompareTo(SiloAddress? other) => string.CompareOrdinal(_text, other?._text);

    public override string ToString() => _text;

    public static bool operator ==(SiloAddress? left, SiloAddress? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(SiloAddress? left, SiloAddress? right) => !(left == right);
}
