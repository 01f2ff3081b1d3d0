using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vibe.Actors.Hosting;
using Vibe.Actors.Runtime;

namespace Vibe.Actors.Testing;

/// <summary>One silo of a <see cref="TestCluster"/>.</summary>
public sealed class TestClusterSilo
{
    private readonly IHost _host;

    internal TestClusterSilo(string name, IHost host)
    {
        Name = name;
        _host = host;
        GrainFactory = host.Services.GetRequiredService<IGrainFactory>();
        _runtime = host.Services.GetRequiredService<SiloRuntime>();
        Address = _runtime.Cluster?.Self.ToString() ?? "";
    }

    private readonly SiloRuntime _runtime;

    public string Name { get; }

    /// <summary>"ip:port@generation".</summary>
    public string Address { get; }

    public IGrainFactory GrainFactory { get; }

    public IServiceProvider Services => _host.Services;

    public bool IsRunning { get; internal set; } = true;

    /// <summary>False once the silo stopped itself (for example after reading itself declared dead) or was stopped.</summary>
    public bool IsServing => _runtime.IsAcceptingActivations;

    /// <summary>How many activations (grains and system targets) this silo holds.</summary>
    public int ActivationCount => Runtime.Catalog.Count;

    /// <summary>The activation count <paramref name="other"/> last reported to this silo (its own count for itself); -1 if none yet.</summary>
    public int ReportedLoadOf(TestClusterSilo other)
    {
        if (other == this)
        {
            return ActivationCount;
        }

        var address = Cluster.SiloAddress.Parse(other.Address);
        return _runtime.Cluster?.Membership.Loads.TryGetValue(address, out var load) == true ? load : -1;
    }

    /// <summary>The active silos as this silo sees them.</summary>
    public IReadOnlyList<string> ActiveSilos => [.. Runtime.Cluster?.Membership.Current.Active.Select(s => s.ToString()) ?? []];

    internal SiloRuntime Runtime => _runtime;

    internal IHost Host => _host;

    internal void Kill() => _host.Services.GetRequiredService<SiloHostedService>().Kill();

    public override string ToString() => $"{Name} ({Address})";
}
