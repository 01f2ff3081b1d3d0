namespace Vibe.Grains.Workspaces;

/// <summary>A stopped warm-pool container of <paramref name="Template"/>, bound to its own empty pool <paramref name="Directory"/>.</summary>
internal sealed record PooledContainer(string ContainerId, string Template, string Directory);
