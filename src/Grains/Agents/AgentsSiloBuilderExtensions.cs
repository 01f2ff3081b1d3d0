using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Vibe.Grains.Agents.Models;

namespace Vibe.Grains.Agents;

/// <summary>Registers what the AI agent's grains need: <see cref="AgentOptions"/> from <c>Vibe:Agent</c>, validated at startup, and the provider clients.</summary>
public static class AgentsSiloBuilderExtensions
{
    /// <summary>Adds the agent's options (bound from <c>Vibe:Agent</c>, then <paramref name="configure"/>) and model clients.</summary>
    public static ISiloBuilder AddAgents(this ISiloBuilder silo, Action<AgentOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var options = silo.Services.AddOptions<AgentOptions>().BindConfiguration(AgentOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateAgentRules().ValidateOnStart();
        silo.Services.AddAgentModels();
        return silo;
    }

    /// <summary>What <see cref="AgentOptions"/> must be; each failure names the settings that are out of range.</summary>
    internal static OptionsBuilder<AgentOptions> ValidateAgentRules(this OptionsBuilder<AgentOptions> options) => options
        .Validate(o => o.MaxSteps >= 1 && o.MaxTokens >= 1 && o.MaxDuration > TimeSpan.Zero, "Vibe:Agent MaxSteps, MaxTokens and MaxDuration must be positive.")
        .Validate(o => o.CommandTimeout > TimeSpan.Zero, "Vibe:Agent CommandTimeout must be positive.")
        .Validate(o => o.MaxCommandOutputChars >= 256 && o.MaxReadChars >= 256, "Vibe:Agent MaxCommandOutputChars and MaxReadChars must be at least 256.")
        .Validate(o => o.MaxConcurrentRunsPerWorkspace >= 1 && o.MaxPromptChars >= 1, "Vibe:Agent MaxConcurrentRunsPerWorkspace and MaxPromptChars must be at least 1.")
        .Validate(
            o => o.MaxConcurrentRunsPerUser >= 1 && o.MaxConcurrentRunsPerTeam >= 1 && o.DailyTokenBudgetPerUser >= 1 && o.DailyTokenBudgetPerTeam >= 1,
            "Vibe:Agent MaxConcurrentRunsPerUser, MaxConcurrentRunsPerTeam, DailyTokenBudgetPerUser and DailyTokenBudgetPerTeam must be at least 1.")
        .Validate(o => o.ContextRuns >= 0 && o.ContextAnswerChars >= 0, "Vibe:Agent ContextRuns and ContextAnswerChars must not be negative.")
        .Validate(o => !string.IsNullOrWhiteSpace(o.CursorColor), "Vibe:Agent CursorColor must name a colour.");
}
