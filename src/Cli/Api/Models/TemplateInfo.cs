namespace Vibe.Cli.Api.Models;

/// <summary>A template a workspace can be created from.</summary>
internal sealed record TemplateInfo(string Id, string Name, string Description);
