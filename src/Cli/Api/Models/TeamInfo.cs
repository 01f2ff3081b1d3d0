namespace Vibe.Cli.Api.Models;

/// <summary>A team the caller belongs to.</summary>
internal sealed record TeamInfo(Guid Id, string Name, string Role);
