using Microsoft.Extensions.Options;
using Vibe.Actors.Hosting;

namespace Vibe.Actors.Runtime;

internal sealed class LocalSiloDetails(SiloRuntime runtime, IOptions<ClusterOptions> cluster) : ILocalSiloDetails
{
    public string SiloName => runtime.SiloName;

    public string SiloAddress => runtime.Cluster?.Self.ToString() ?? "standalone";

    public string Role => runtime.Cluster is null ? "" : cluster.Value.Role;
}
