namespace Vibe.WebFront.Tests.Fixtures;

/// <summary>An RFC 7807 problem as the tests read it (errors present on validation problems).</summary>
public sealed record ProblemResponse(int? Status, string? Title, string? Detail, Dictionary<string, string[]>? Errors);
