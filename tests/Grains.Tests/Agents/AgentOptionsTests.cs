using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.TestingHost;
using Vibe.Grains.Agents;

namespace Vibe.Grains.Tests.Agents;

public sealed class AgentOptionsTests
{
    [Fact]
    public void The_defaults_are_the_documented_limits_and_valid()
    {
        var options = new AgentOptions();

        Assert.Equal((25, 200_000L, TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(60), 16 * 1024, 1),
            (options.MaxSteps, options.MaxTokens, options.MaxDuration, options.CommandTimeout, options.MaxCommandOutputChars, options.MaxConcurrentRunsPerWorkspace));
        Assert.Empty(Failures(_ => { }));
    }

    [Fact]
    public void Out_of_range_options_fail_with_the_setting_named()
    {
        var failure = Assert.Single(Failures(o => o.MaxConcurrentRunsPerWorkspace = 0));

        Assert.Equal("Vibe:Agent MaxConcurrentRunsPerWorkspace and MaxPromptChars must be at least 1.", failure);
    }

    [Fact]
    public async Task A_silo_binds_the_agent_options_from_configuration()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Vibe:Agent:MaxSteps"] = "7" }));
        builder.ConfigureSilo((_, silo) => silo.AddMemoryGrainStorageAsDefault().AddAgents());
        await using var cluster = builder.Build();
        await cluster.DeployAsync();

        Assert.Equal(7, cluster.Silos[0].ServiceProvider.GetRequiredService<IOptions<AgentOptions>>().Value.MaxSteps);
    }

    /// <summary>The failures of the agent's options as <paramref name="configure"/> leaves them (none when they are valid).</summary>
    private static IReadOnlyList<string> Failures(Action<AgentOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddOptions<AgentOptions>().Configure(configure).ValidateAgentRules();
        using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<AgentOptions>>().Value;
            return [];
        }
        catch (OptionsValidationException invalid)
        {
            return [.. invalid.Failures];
        }
    }
}
