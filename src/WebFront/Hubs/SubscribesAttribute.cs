namespace Vibe.WebFront.Hubs;

/// <summary>
/// Marks a hub method that starts watching something (a workspace's events, a terminal, a document, the agent, the
/// files) or stores a mark on a stream, so it costs the cluster a subscription, a grain call chain or a stored record.
/// Each call takes a permit of the caller's <see cref="HubRateLimitOptions"/> (<see cref="HubRateLimitFilter"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
internal sealed class SubscribesAttribute : Attribute;
