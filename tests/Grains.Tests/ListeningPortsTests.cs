using Vibe.Grains.Workspaces.Preview;

namespace Vibe.Grains.Tests;

/// <summary>Reading the listening ports out of /proc/net/tcp and tcp6, as the workspace grain does for the preview.</summary>
public sealed class ListeningPortsTests
{
    private const string Table = """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 0B00007F:AF95 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4655088 1 0000000000000000 100 0 0 10 0
           1: 00000000:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4655089 1 0000000000000000 100 0 0 10 0
           2: 0100007F:2329 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4655090 1 0000000000000000 100 0 0 10 0
           3: 020012AC:1F40 010012AC:D6D8 01 00000000:00000000 00:00000000 00000000  1000        0 4655091 1 0000000000000000 20 4 30 10 -1
          sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 00000000000000000000000000000000:0BB8 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1 1 0
           1: 00000000000000000000000001000000:1389 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 2 1 0
           2: 00000000000000000000000001000000:2329 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 3 1 0
           3: 0000000000000000FFFF00000100007F:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4 1 0
        """;

    [Fact]
    public void Listening_sockets_become_one_port_each_loopback_only_when_no_listener_takes_outside_connections()
    {
        var ports = ListeningPorts.Parse(Table);

        // 8000 on 0.0.0.0 (its established connection is not a listener), 3000 on ::, 5001 and 8080 on loopback only, 9001 on
        // 127.0.0.1 and ::1; Docker's DNS server on 127.0.0.11 is left out.
        Assert.Equal([(3000, false), (5001, true), (8000, false), (8080, true), (9001, true)], ports);
    }

    [Fact]
    public void An_empty_or_malformed_table_has_no_ports()
    {
        Assert.Empty(ListeningPorts.Parse(""));
        Assert.Empty(ListeningPorts.Parse("garbage\n  0: nocolon 00000000:0000 0A\n  1: 00000000:0000 00000000:0000 0A\n"));
    }
}
