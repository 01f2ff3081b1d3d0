using Microsoft.AspNetCore.Http.HttpResults;

namespace Vibe.TestSilo;

/// <summary>POST /test/greetings/{name}: greets a name through <see cref="IGreetingCounterGrain"/> and returns its count.</summary>
internal static class GreetingsApi
{
    public const string Path = "/test/greetings";

    public static RouteGroupBuilder MapGreetingsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Path);
        group.MapPost("/{name}", Greet).WithName("Greet");
        return group;
    }

    private static async Task<Results<Ok<GreetingResponse>, ValidationProblem>> Greet(string name, IGrainFactory grains)
    {
        if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["name"] = ["1 to 64 ASCII letters, digits, '-', '_' or '.'"] },
                title: "Invalid name");
        }

        var count = await grains.GetGrain<IGreetingCounterGrain>(name).Greet();
        return TypedResults.Ok(new GreetingResponse(name, count));
    }
}
