namespace Vibe.Docker.Network;

/// <summary>
/// How workspaces are kept apart on the network (configuration <c>Vibe:Workspaces:Network</c>): each networked workspace gets
/// its own bridge, with a subnet from <see cref="SubnetPool"/> and an interface named <see cref="BridgePrefix"/> plus a hash,
/// and <see cref="WorkspaceFirewall"/> drops what those interfaces send to the host, private ranges and each other.
/// </summary>
public sealed class WorkspaceNetworkOptions
{
    /// <summary>The longest bridge prefix: Linux interface names have at most 15 characters and the hash takes 10.</summary>
    public const int MaxBridgePrefixLength = 5;

    /// <summary>The IPv4 range the workspace networks' subnets are carved from (default 10.231.0.0/16).</summary>
    public string SubnetPool { get; set; } = "10.231.0.0/16";

    /// <summary>The prefix length of one workspace network's subnet (default 28: 14 addresses, room for 4096 networks in the pool).</summary>
    public int SubnetPrefixLength { get; set; } = 28;

    /// <summary>The start of every workspace bridge's interface name, which the firewall rules match (default "vibe-"; at most 5 characters).</summary>
    public string BridgePrefix { get; set; } = "vibe-";

    /// <summary>
    /// Whether start-up installs and checks the firewall rules (default true). Turning it off lets workspaces reach the host,
    /// the LAN and each other's services on their addresses: only for a machine nobody else uses.
    /// </summary>
    public bool Firewall { get; set; } = true;

    /// <summary>The iptables chains Vibe owns are this name plus "-FWD" and "-IN" (default "VIBE"; tests use their own).</summary>
    public string FirewallChain { get; set; } = "VIBE";

    /// <summary>
    /// Destinations workspaces may not reach even with the Internet setting: the private, shared, link-local and loopback IPv4
    /// ranges, plus any configured (ranges bound from configuration are added to these; add the LAN's if it uses public addresses).
    /// </summary>
    public List<string> BlockedRanges { get; set; } = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "127.0.0.0/8"];

    /// <summary>
    /// The IPv4 DNS servers Docker's embedded DNS forwards workspace queries to (the container's <c>HostConfig.Dns</c>); empty
    /// (the default) leaves the engine's choice, the host's <c>resolv.conf</c> servers. The firewall drops queries to a server in
    /// <see cref="BlockedRanges"/> (a LAN resolver) like any other packet, so a host whose resolver is private needs a public one here.
    /// </summary>
    public List<string> DnsServers { get; set; } = [];
}
