using Vibe.Grains.Interfaces.Errors;

namespace Vibe.Grains.Agents;

/// <summary>An agent run's grain key, <c>"{workspaceId}/{runId}"</c>.</summary>
internal readonly record struct AgentRunKey(string WorkspaceId, string RunId)
{
    public static AgentRunKey Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == key.Length - 1)
        {
            throw new InvalidRequestException($"'{key}' is not an agent run key: expected '{{workspaceId}}/{{runId}}'.");
        }

        return new AgentRunKey(key[..slash], key[(slash + 1)..]);
    }

    public override string ToString() => $"{WorkspaceId}/{RunId}";
}
