namespace Vibe.Cli.Api.Models;

/// <summary>An RFC 7807 problem the API answers with; <c>Errors</c> names the invalid fields of a 400.</summary>
internal sealed record ProblemResponse(string? Title, string? Detail, int? Status, Dictionary<string, string[]>? Errors);
