using Vibe.Grains.Errors;

namespace Vibe.Grains.Agents;

/// <summary>Checks <see cref="AgentOptions"/> and a run's <see cref="AgentRunLimits"/>, saying which value is wrong.</summary>
internal static class AgentLimitsValidation
{
    /// <summary>The problem with <paramref name="options"/>, or null when they are usable.</summary>
    public static string? Check(AgentOptions options)
    {
        if (options.MaxSteps < 1 || options.MaxTokens < 1 || options.MaxDuration <= TimeSpan.Zero)
        {
            return "Vibe:Agent MaxSteps, MaxTokens and MaxDuration must be positive.";
        }

        if (options.CommandTimeout <= TimeSpan.Zero)
        {
            return "Vibe:Agent CommandTimeout must be positive.";
        }

        if (options.MaxCommandOutputChars < 256 || options.MaxReadChars < 256)
        {
            return "Vibe:Agent MaxCommandOutputChars and MaxReadChars must be at least 256.";
        }

        if (options.MaxConcurrentRunsPerWorkspace < 1 || options.MaxPromptChars < 1)
        {
            return "Vibe:Agent MaxConcurrentRunsPerWorkspace and MaxPromptChars must be at least 1.";
        }

        if (options.MaxConcurrentRunsPerUser < 1 || options.MaxConcurrentRunsPerTeam < 1 || options.DailyTokenBudgetPerUser < 1 || options.DailyTokenBudgetPerTeam < 1)
        {
            return "Vibe:Agent MaxConcurrentRunsPerUser, MaxConcurrentRunsPerTeam, DailyTokenBudgetPerUser and DailyTokenBudgetPerTeam must be at least 1.";
        }

        if (options.ContextRuns < 0 || options.ContextAnswerChars < 0)
        {
            return "Vibe:Agent ContextRuns and ContextAnswerChars must not be negative.";
        }

        return string.IsNullOrWhiteSpace(options.CursorColor) ? "Vibe:Agent CursorColor must name a colour." : null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="limits"/> cannot bound a run.</summary>
    public static void Validate(AgentRunLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (limits.MaxSteps < 1 || limits.MaxTokens < 1 || limits.MaxDuration <= TimeSpan.Zero)
        {
            throw new InvalidRequestException($"A run's limits must be positive (steps {limits.MaxSteps}, tokens {limits.MaxTokens}, duration {limits.MaxDuration}).");
        }
    }
}
