using System.Globalization;

namespace Vibe.Grains.Workspaces.Preview;

/// <summary>
/// Reads the listening TCP sockets out of the kernel's <c>/proc/net/tcp</c> and <c>/proc/net/tcp6</c> tables (concatenated):
/// each port once, ascending, loopback-only when no listener on it takes connections from outside the container.
/// </summary>
internal static class ListeningPorts
{
    private const string Listen = "0A";

    // Docker's embedded DNS server listens on 127.0.0.11 inside containers on user-defined networks: not the workspace's.
    private const string DockerDnsAddress = "0B00007F";

    public static IReadOnlyList<(int Port, bool LoopbackOnly)> Parse(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var ports = new SortedDictionary<int, bool>();
        foreach (var line in table.Split('\n'))
        {
            // "  0: 00000000:1F40 00000000:0000 0A ..." — the header line and anything malformed are skipped.
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4 || fields[3] != Listen)
            {
                continue;
            }

            var local = fields[1];
            var colon = local.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || !int.TryParse(local.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                continue;
            }

            var address = local[..colon];
            if (address == DockerDnsAddress)
            {
                continue;
            }

            var loopback = IsLoopback(address);
            ports[port] = ports.TryGetValue(port, out var loopbackSoFar) ? loopbackSoFar && loopback : loopback;
        }

        var result = new List<(int, bool)>(ports.Count);
        foreach (var (port, loopbackOnly) in ports)
        {
            result.Add((port, loopbackOnly));
        }

        return result;
    }

    // The kernel prints each 32-bit word of the address in host (little-endian) order: 127.0.0.1 is 0100007F, ::1 ends in 01000000.
    private static bool IsLoopback(string address) => address.Length switch
    {
        8 => address.EndsWith("7F", StringComparison.OrdinalIgnoreCase),
        32 => address == "00000000000000000000000001000000"
            || (address.StartsWith("0000000000000000FFFF0000", StringComparison.OrdinalIgnoreCase) && address.EndsWith("7F", StringComparison.OrdinalIgnoreCase)),
        _ => false,
    };
}
