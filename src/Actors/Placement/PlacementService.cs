using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Vibe.Actors.Cluster;
using Vibe.Actors.Invocation;

namespace Vibe.Actors.Placement;

/// <summary>Chooses the silo for a grain that has no activation, with its class's strategy and the strategy's director.</summary>
internal sealed class PlacementService(ClusterMembershipService membership, IServiceProvider services)
{
    private readonly ConcurrentDictionary<Type, PlacementStrategy> _strategies = new();
    private readonly ConcurrentDictionary<Type, IPlacementDirector> _directors = new();

    public SiloAddress PickSilo(GrainId grainId, GrainClassInfo? grainClass, Func<int> localActivationCount)
    {
        var strategy = grainClass is null ? RandomPlacement.Instance : StrategyOf(grainClass.GrainClass);
        var snapshot = membership.Current;
        var compatible = snapshot.Active.Where(s => snapshot.RoleOf(s) == strategy.Role).Select(s => s.ToString()).ToList();
        if (compatible.Count == 0)
        {
            throw new SiloUnavailableException(snapshot.Active.Count == 0
                ? $"No silo is active yet to host grain {grainId}; the cluster is still forming."
                : strategy.Role == ""
                ? $"No active general silo can host grain {grainId}; every active silo has a role."
                : $"No active silo with role '{strategy.Role}' can host grain {grainId}.");
        }

        var counts = new Dictionary<string, int>();
        foreach (var (silo, count) in membership.Loads)
        {
            counts[silo.ToString()] = count;
        }

        counts[membership.Self.ToString()] = localActivationCount();
        var context = new Context(membership.Self.ToString(), compatible, counts, snapshot);
        var chosen = DirectorOf(strategy).OnAddActivation(strategy, new PlacementTarget(grainId, grainClass?.GrainClass), context);
        if (!compatible.Contains(chosen))
        {
            throw new InvalidOperationException($"The placement director for {strategy.GetType().Name} chose '{chosen}', which is not one of the compatible silos.");
        }

        return SiloAddress.Parse(chosen);
    }

    private PlacementStrategy StrategyOf(Type grainClass) =>
        _strategies.GetOrAdd(grainClass, static type => type.GetCustomAttribute<PlacementAttribute>(inherit: true)?.Strategy ?? RandomPlacement.Instance);

    private IPlacementDirector DirectorOf(PlacementStrategy strategy) =>
        _directors.GetOrAdd(strategy.GetType(), type => services.GetKeyedService<IPlacementDirector>(type)
            ?? throw new InvalidOperationException($"No placement director is registered for {type.Name}; add one with AddPlacementDirector<{type.Name}, TDirector>()."));

    private sealed class Context(string local, IReadOnlyList<string> compatible, IReadOnlyDictionary<string, int> counts, MembershipSnapshot snapshot) : IPlacementContext
    {
        public string LocalSilo => local;

        public IReadOnlyList<string> CompatibleSilos => compatible;

        public IReadOnlyDictionary<string, int> ActivationCounts => counts;

        public string RoleOf(string silo) => snapshot.RoleOf(SiloAddress.Parse(silo));
    }
}
