using Microsoft.Extensions.DependencyInjection;
using Vibe.Bench.Workspaces;
using Vibe.Grains.Agents.Models;

namespace Vibe.Bench.Agents;

/// <summary>
/// A <see cref="BenchWorkspaceSilo"/> (workspaces on the real Docker engine, their documents and the AI agent, SQLite grain
/// storage in its own directory under /tmp) whose model clients and tool calls are timed by a <see cref="StepClock"/>. Disposing it stops
/// the silo and removes its containers and directory.
/// </summary>
internal sealed class AgentBenchSilo : IAsyncDisposable
{
    private readonly BenchWorkspaceSilo _silo;

    private AgentBenchSilo(BenchWorkspaceSilo silo) => _silo = silo;

    public IGrainFactory Grains => _silo.Grains;

    public static async Task<AgentBenchSilo> StartAsync(StepClock clock)
    {
        var silo = await BenchWorkspaceSilo.StartAsync(BenchWorkspaceSilo.NewServiceId(), configureSilo: silo =>
        {
            silo.Services.AddSingleton(clock);
            silo.Services.AddSingleton<IOutgoingGrainCallFilter>(new ToolWorkTimer(clock));
            TimeModelClients(silo.Services);
        });
        silo.Profile.Enabled = false;
        return new AgentBenchSilo(silo);
    }

    public ValueTask DisposeAsync() => _silo.DisposeAsync();

    /// <summary>Replaces the registered model client factory with the timed one wrapping it.</summary>
    private static void TimeModelClients(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IAgentModelClientFactory));
        services.Remove(registered);
        services.AddSingleton<IAgentModelClientFactory>(sp =>
        {
            var inner = registered.ImplementationInstance as IAgentModelClientFactory
                ?? registered.ImplementationFactory?.Invoke(sp) as IAgentModelClientFactory
                ?? (IAgentModelClientFactory)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!);
            return new TimedModelClientFactory(inner, sp.GetRequiredService<StepClock>());
        });
    }
}
