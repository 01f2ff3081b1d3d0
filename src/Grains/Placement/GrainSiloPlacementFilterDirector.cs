using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace Vibe.Grains.Placement;

/// <summary>
/// Filters the silos a grain may be placed on down to those whose metadata role is known and is not <see cref="SiloRoles.Web"/>.
/// A silo whose metadata this silo has not fetched yet (it joined a moment ago) is left out rather than risked: it may be a
/// web front. This silo's own role is read from its options, so a lone silo places its grains from its first call on.
/// </summary>
internal sealed class GrainSiloPlacementFilterDirector(ILocalSiloDetails localSilo, IOptions<SiloMetadata> localMetadata, ISiloMetadataCache metadata) : IPlacementFilterDirector
{
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        var hosts = new List<SiloAddress>();
        foreach (var silo in silos)
        {
            var siloMetadata = silo.Equals(localSilo.SiloAddress) ? localMetadata.Value : metadata.GetSiloMetadata(silo);
            if (siloMetadata.Metadata.TryGetValue(SiloRoles.MetadataKey, out var role) && role != SiloRoles.Web)
            {
                hosts.Add(silo);
            }
        }

        return hosts;
    }
}
