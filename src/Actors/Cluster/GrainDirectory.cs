using System.Collections.Concurrent;

namespace Vibe.Actors.Cluster;

/// <summary>
/// This silo's access to the distributed grain directory: the owner of a grain's entry is the silo after its
/// hash on the ring of active silos. Lookups are cached; the cache drops entries of silos that leave.
/// </summary>
internal sealed class GrainDirectory(ClusterMembershipService membership, GrainDirectoryPartition partition, Func<SiloAddress, IRemoteGrainDirectory> remoteOf)
{
    private readonly ConcurrentDictionary<GrainId, GrainAddress> _cache = new();

    public GrainDirectoryPartition Partition => partition;

    public bool TryGetCached(GrainId grainId, out GrainAddress? address) => _cache.TryGetValue(grainId, out address);

    public void Invalidate(GrainId grainId) => _cache.TryRemove(grainId, out _);

    public void Invalidate(GrainAddress address) => _cache.TryRemove(KeyValuePair.Create(address.GrainId, address));

    /// <summary>Registers <paramref name="address"/> with the entry's owner; returns the winning registration.</summary>
    public async Task<GrainAddress> RegisterAsync(GrainAddress address)
    {
        var owner = OwnerOf(address.GrainId);
        var winner = owner == membership.Self ? partition.RegisterLocal(address) : await remoteOf(owner).Register(address);
        _cache[address.GrainId] = winner;
        return winner;
    }

    public async Task<GrainAddress?> LookupAsync(GrainId grainId)
    {
        if (_cache.TryGetValue(grainId, out var cached))
        {
            return cached;
        }

        var owner = OwnerOf(grainId);
        var found = owner == membership.Self ? partition.LookupLocal(grainId) : await remoteOf(owner).Lookup(grainId);
        if (found is not null)
        {
            _cache[grainId] = found;
        }

        return found;
    }

    public async Task UnregisterAsync(GrainAddress address)
    {
        Invalidate(address);
        var owner = OwnerOf(address.GrainId);
        if (owner == membership.Self)
        {
            partition.UnregisterLocal(address);
        }
        else
        {
            await remoteOf(owner).Unregister(address);
        }
    }

    /// <summary>Re-registers the local activations whose entry moved to another owner; returns the ones that lost to another activation.</summary>
    public async Task<List<GrainAddress>> ReRegisterAsync(MembershipSnapshot previous, MembershipSnapshot next, IEnumerable<GrainAddress> local)
    {
        var moved = new Dictionary<SiloAddress, List<GrainAddress>>();
        foreach (var address in local)
        {
            var hash = address.GrainId.GetStableHash();
            var newOwner = next.Ring.Owner(hash) ?? membership.Self;
            if (previous.Ring.Owner(hash) != newOwner)
            {
                (moved.TryGetValue(newOwner, out var list) ? list : moved[newOwner] = []).Add(address);
            }
        }

        var losers = new List<GrainAddress>();
        foreach (var (owner, addresses) in moved)
        {
            var winners = owner == membership.Self
                ? addresses.ConvertAll(partition.RegisterLocal)
                : await remoteOf(owner).RegisterMany(addresses);
            for (var i = 0; i < addresses.Count; i++)
            {
                if (winners[i] != addresses[i])
                {
                    losers.Add(addresses[i]);
                    _cache[addresses[i].GrainId] = winners[i];
                }
            }
        }

        return losers;
    }

    /// <summary>Forgets cached entries and owned entries of silos that are no longer in the cluster.</summary>
    public void OnMembershipChanged(MembershipSnapshot next)
    {
        partition.Prune(next);
        foreach (var (grainId, address) in _cache)
        {
            if (!next.IsActive(address.Silo))
            {
                _cache.TryRemove(KeyValuePair.Create(grainId, address));
            }
        }
    }

    private SiloAddress OwnerOf(GrainId grainId) => membership.Current.Ring.Owner(grainId.GetStableHash()) ?? membership.Self;
}
