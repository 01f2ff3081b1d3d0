namespace Vibe.Actors.Cluster;

/// <summary>
/// The directory entries this silo owns. The first live registration of a grain wins; an entry whose silo
/// is no longer active is replaced. Implements the system target other silos call.
/// </summary>
internal sealed class GrainDirectoryPartition(ClusterMembershipService membership) : IRemoteGrainDirectory
{
    private readonly Dictionary<GrainId, GrainAddress> _entries = [];
    private readonly object _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public GrainAddress RegisterLocal(GrainAddress address)
    {
        var snapshot = membership.Current;
        lock (_lock)
        {
            // An older entry from the same silo is stale: a silo holds at most one activation of a grain.
            if (_entries.TryGetValue(address.GrainId, out var existing) && existing.Silo != address.Silo && IsLive(existing, snapshot))
            {
                return existing;
            }

            _entries[address.GrainId] = address;
            return address;
        }
    }

    public GrainAddress? LookupLocal(GrainId grainId)
    {
        var snapshot = membership.Current;
        lock (_lock)
        {
            if (!_entries.TryGetValue(grainId, out var existing))
            {
                return null;
            }

            if (IsLive(existing, snapshot))
            {
                return existing;
            }

            _entries.Remove(grainId);
            return null;
        }
    }

    public void UnregisterLocal(GrainAddress address)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(address.GrainId, out var existing) && existing == address)
            {
                _entries.Remove(address.GrainId);
            }
        }
    }

    /// <summary>Drops entries of silos that are dead or gone.</summary>
    public void Prune(MembershipSnapshot snapshot)
    {
        lock (_lock)
        {
            List<GrainId>? remove = null;
            foreach (var (grainId, address) in _entries)
            {
                if (!IsLive(address, snapshot))
                {
                    (remove ??= []).Add(grainId);
                }
            }

            if (remove is not null)
            {
                foreach (var grainId in remove)
                {
                    _entries.Remove(grainId);
                }
            }
        }
    }

    public Task<GrainAddress> Register(GrainAddress address) => Task.FromResult(RegisterLocal(address));

    public Task<List<GrainAddress>> RegisterMany(List<GrainAddress> addresses) => Task.FromResult(addresses.ConvertAll(RegisterLocal));

    public Task<GrainAddress?> Lookup(GrainId grainId) => Task.FromResult(LookupLocal(grainId));

    public Task Unregister(GrainAddress address)
    {
        UnregisterLocal(address);
        return Task.CompletedTask;
    }

    // A silo that is joining or active still holds its activations; only a dead or departed silo's entries are stale.
    private static bool IsLive(GrainAddress address, MembershipSnapshot snapshot) =>
        snapshot.StatusOf(address.Silo) is SiloStatus.Active or SiloStatus.Joining or SiloStatus.ShuttingDown;
}
