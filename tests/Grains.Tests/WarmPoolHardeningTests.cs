using Microsoft.Extensions.DependencyInjection;
using Vibe.Docker.Runtime;

namespace Vibe.Grains.Tests;

/// <summary>The hardening checks on containers adopted from the warm pool: what holds for a created container holds for them.</summary>
[Collection(WorkspaceCollection.Name)]
public sealed class WarmPoolHardeningTests(WarmPoolHardeningTests.Fixture fixture) : WorkspaceHardeningChecks(fixture), IClassFixture<WarmPoolHardeningTests.Fixture>
{
    /// <summary>Workspaces with the default limits and no network get a pool container: each check waits for one, and makes sure it got it.</summary>
    protected override async Task<IWorkspaceGrain> StartWorkspaceAsync(WorkspaceSpec spec, string? id = null)
    {
        var pooled = spec.Network == WorkspaceNetworkPolicy.None && spec.Limits == SmallLimits;
        if (pooled)
        {
            var pool = Silo.Services.GetRequiredService<WorkspaceWarmPool>();
            await Eventually.Until(() => Task.FromResult(pool.Available("blank") > 0), "a ready container in the warm pool", TimeSpan.FromSeconds(60));
        }

        var workspace = await base.StartWorkspaceAsync(spec, id);
        var container = await Silo.Runtime.InspectAsync((await workspace.GetInfo()).ContainerId!);
        Assert.Equal(pooled, container!.Labels.ContainsKey(ContainerLabels.Pool));
        return workspace;
    }

    public sealed class Fixture : WorkspaceSiloFixture
    {
        protected override void Configure(WorkspaceOptions options)
        {
            options.DefaultLimits = SmallLimits;
            options.WarmPool["blank"] = 2;
        }
    }
}
