using System.Net;

namespace Vibe.Grains.Agents.Models;

/// <summary>How the provider clients talk to the network; set with <c>AddAgentModels(configure)</c>.</summary>
public sealed class AgentModelOptions
{
    /// <summary>How many times the SDKs retry a request refused as overloaded, rate limited or failed before the answer starts (default 2; 0 to disable).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The longest one model request may take, streaming included (default 10 min).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Resolves the host names of team-set endpoints before their addresses are checked (default: DNS; tests map names).</summary>
    public Func<string, CancellationToken, Task<IPAddress[]>> ResolveHost { get; set; } = Dns.GetHostAddressesAsync;
}
