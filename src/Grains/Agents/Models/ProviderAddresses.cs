using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Vibe.Grains.Agents.Models;

/// <summary>
/// Which IP addresses a team's provider endpoint may reach: public unicast ones. Loopback, private (RFC 1918, unique local),
/// link-local, carrier-grade NAT, "this network", multicast, reserved and documentation ranges are refused, as are the
/// addresses of this host's own interfaces; IPv4 carried in IPv6 (mapped, 6to4, NAT64) is judged as the IPv4 address.
/// </summary>
internal static class ProviderAddresses
{
    /// <summary>Whether <paramref name="address"/> is a public unicast address (not counting this host's own).</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (EmbeddedIPv4(address) is { } v4)
        {
            address = v4;
        }

        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out var length);
        if (length == 4)
        {
            return !(b[0] is 0 or 10 or 127 or >= 224 // this network, private, loopback, multicast and reserved (incl. broadcast)
                || (b[0] == 100 && (b[1] & 0xC0) == 64) // 100.64/10 carrier-grade NAT
                || (b[0] == 169 && b[1] == 254) // link-local (cloud metadata services live here)
                || (b[0] == 172 && (b[1] & 0xF0) == 16) // 172.16/12
                || (b[0] == 192 && b[1] == 168) // 192.168/16
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2) // IETF protocol assignments, TEST-NET-1
                || (b[0] == 198 && (b[1] & 0xFE) == 18) // benchmarking
                || (b[0] == 198 && b[1] == 51 && b[2] == 100) // TEST-NET-2
                || (b[0] == 203 && b[1] == 0 && b[2] == 113)); // TEST-NET-3
        }

        // IPv6: only global unicast (2000::/3) outside the documentation prefix; loopback, unspecified, link-local,
        // site-local, unique local and multicast all fall outside 2000::/3.
        return (b[0] & 0xE0) == 0x20 && !(b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8);
    }

    /// <summary>Whether <paramref name="address"/> belongs to one of this host's network interfaces.</summary>
    public static bool IsOwnAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var candidate = EmbeddedIPv4(address) ?? address;
        try
        {
            foreach (var network in NetworkInterface.GetAllNetworkInterfaces())
            {
                foreach (var unicast in network.GetIPProperties().UnicastAddresses)
                {
                    if (unicast.Address.Equals(candidate))
                    {
                        return true;
                    }
                }
            }
        }
        catch (NetworkInformationException)
        {
            // The interfaces cannot be listed: the public check above still applies.
        }

        return false;
    }

    /// <summary>The IPv4 address an IPv6 address carries (IPv4-mapped, IPv4-compatible, 6to4, NAT64), or null.</summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return new IPAddress(b.Slice(2, 4)); // 6to4: 2002:AABB:CCDD::/48
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return new IPAddress(b.Slice(12, 4)); // NAT64 well-known prefix 64:ff9b::/96
        }

        // IPv4-compatible (::a.b.c.d, deprecated); :: and ::1 are left to the IPv6 rules.
        return b[..12].IndexOfAnyExcept((byte)0) < 0 && (b[12] | b[13]) != 0 ? new IPAddress(b.Slice(12, 4)) : null;
    }
}
