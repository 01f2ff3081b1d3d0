using Vibe.Grains.Placement;

namespace Vibe.Grains.Tests.Cluster;

public sealed class GrainPlacementTests
{
    [Fact]
    public void Every_grain_class_carries_the_placement_filter_that_keeps_grains_off_web_silos()
    {
        var grainClasses = typeof(WorkspaceGrain).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Grain).IsAssignableFrom(t))
            .ToList();

        Assert.Contains(typeof(WorkspaceGrain), grainClasses);
        Assert.True(grainClasses.Count >= 7, $"expected the seven grain classes, found {string.Join(", ", grainClasses.Select(t => t.Name))}");
        var unfiltered = grainClasses.Where(t => !t.IsDefined(typeof(GrainSiloPlacementFilterAttribute), inherit: true)).Select(t => t.FullName).ToList();
        Assert.True(unfiltered.Count == 0, $"grain classes without [GrainSiloPlacementFilter] could be placed on a web silo: {string.Join(", ", unfiltered)}");
    }
}
