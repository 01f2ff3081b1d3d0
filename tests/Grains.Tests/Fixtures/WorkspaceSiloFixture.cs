using Microsoft.Extensions.DependencyInjection;
using Vibe.Grains.Workspaces;

namespace Vibe.Grains.Tests.Fixtures;

/// <summary>One <see cref="WorkspaceSilo"/> per test class; subclasses adjust its options.</summary>
public abstract class WorkspaceSiloFixture : IAsyncLifetime
{
    private WorkspaceSilo? _silo;

    public WorkspaceSilo Silo => _silo ?? throw new InvalidOperationException("The silo is not started.");

    public async Task InitializeAsync() => _silo = await WorkspaceSilo.StartAsync(Configure, ConfigureServices);

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }

    protected virtual void Configure(WorkspaceOptions options)
    {
    }

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }
}
