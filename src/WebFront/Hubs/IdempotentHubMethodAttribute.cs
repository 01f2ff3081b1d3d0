namespace Vibe.WebFront.Hubs;

/// <summary>
/// Marks a hub method whose second call has the effect of one (a read, a subscription, a version-checked push), so
/// <see cref="WorkspaceHubErrorFilter"/> calls it again when it meets a transient cluster failure before telling the
/// client. Methods without it (typing into a terminal, starting an agent run) are never repeated by the server.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
internal sealed class IdempotentHubMethodAttribute : Attribute;
