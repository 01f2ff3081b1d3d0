namespace Vibe.TestSilo;

/// <summary>The answer to a greeting: the name and how many times it has been greeted so far.</summary>
internal sealed record GreetingResponse(string Name, int Count);
