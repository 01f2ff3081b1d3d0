using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Vibe.WebFront.Web;

/// <summary>The ProblemDetails answers the API areas share.</summary>
public static class ApiProblems
{
    /// <summary>400 with the problem of each field under <c>errors</c> and all of them in <c>detail</c>.</summary>
    public static ValidationProblem Validation(IDictionary<string, string[]> errors) => TypedResults.ValidationProblem(
        errors,
        detail: string.Join(" ", errors.Values.SelectMany(messages => messages)),
        title: "The request has invalid fields");

    /// <summary>400 for one invalid field.</summary>
    public static ValidationProblem Validation(string field, string problem) =>
        Validation(new Dictionary<string, string[]> { [field] = [problem] });

    /// <summary>A ProblemDetails with <paramref name="status"/>, a title and a detail a person can act on.</summary>
    public static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>400 for a request that is wrong as a whole (not one field of it).</summary>
    public static ProblemHttpResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "The request is not valid", detail);

    /// <summary>413 for a request whose content is more than the server takes.</summary>
    public static ProblemHttpResult TooLarge(string detail) => Problem(StatusCodes.Status413PayloadTooLarge, "Too large", detail);

    /// <summary>404 for something the caller cannot see (it may exist, for someone else).</summary>
    public static ProblemHttpResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail);

    /// <summary>403 for something the caller sees but may not do.</summary>
    public static ProblemHttpResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Not allowed", detail);

    /// <summary>429 with a Retry-After header of <paramref name="retryAfter"/> (whole seconds, at least 1).</summary>
    public static ProblemHttpResult TooManyRequests(HttpContext context, TimeSpan retryAfter, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status429TooManyRequests, title, detail);
    }
}
