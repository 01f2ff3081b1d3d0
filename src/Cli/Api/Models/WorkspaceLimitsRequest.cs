namespace Vibe.Cli.Api.Models;

/// <summary>Limits asked for at creation; null keeps the server's default.</summary>
internal sealed record WorkspaceLimitsRequest(double? Cpus, long? MemoryMb, long? Pids);
