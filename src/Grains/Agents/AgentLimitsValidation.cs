using Vibe.Grains.Interfaces.Agents;
using Vibe.Grains.Interfaces.Errors;

namespace Vibe.Grains.Agents;

/// <summary>Checks a run's <see cref="AgentRunLimits"/>, saying which value is wrong (the options' own rules are in <see cref="AgentsSiloBuilderExtensions"/>).</summary>
internal static class AgentLimitsValidation
{
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
