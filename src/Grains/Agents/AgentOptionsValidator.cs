using Microsoft.Extensions.Options;

namespace Vibe.Grains.Agents;

/// <summary>Fails startup with the reason when <see cref="AgentOptions"/> are out of range.</summary>
internal sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentOptions options) =>
        AgentLimitsValidation.Check(options) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
