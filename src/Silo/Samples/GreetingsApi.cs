using Microsoft.AspNetCore.Http.HttpResults;
using Vibe.Grains.Interfaces.Samples;

namespace Vibe.Silo.Samples;

/// <summary>The sample API: greets a name through <see cref="IGreetingCounterGrain"/>.</summary>
internal static class GreetingsApi
{
    public const int MaxNameLength = 64;

    public static RouteGroupBuilder MapGreetingsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/sample/greetings").WithTags("Samples");
        group.MapPost("/{name}", Greet)
            .WithName("Greet")
            .WithSummary("Greets a name and returns how many times it has been greeted, this time included");
        return group;
    }

    public static async Task<Results<Ok<GreetingResponse>, ValidationProblem>> Greet(string name, IGrainFactory grains)
    {
        if (DescribeInvalidName(name) is { } problem)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["name"] = [problem] },
                detail: problem,
                title: "Invalid name");
        }

        var count = await grains.GetGrain<IGreetingCounterGrain>(name).Greet();
        return TypedResults.Ok(new GreetingResponse(name, count));
    }

    /// <summary>Why <paramref name="name"/> is not 1 to 64 ASCII letters, digits, '-', '_' or '.'; null if it is.</summary>
    public static string? DescribeInvalidName(string name)
    {
        if (name.Length == 0)
        {
            return "The name is empty; give 1 to 64 characters.";
        }

        if (name.Length > MaxNameLength)
        {
            return $"The name is {name.Length} characters long; at most {MaxNameLength} are allowed.";
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return $"The name contains '{c}' at position {i + 1}; use only ASCII letters, digits, '-', '_' and '.'.";
            }
        }

        return null;
    }
}
