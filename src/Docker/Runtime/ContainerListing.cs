namespace Vibe.Docker.Runtime;

/// <summary>One container found by <see cref="IContainerRuntime.ListByLabelAsync"/>.</summary>
/// <param name="Name">The name without its leading slash.</param>
/// <param name="State"><c>created</c>, <c>running</c>, <c>exited</c>...</param>
public sealed record ContainerListing(string Id, string Name, string State, DateTimeOffset Created, IReadOnlyDictionary<string, string> Labels);
