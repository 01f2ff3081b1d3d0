using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Vibe.Actors.Hosting;
using Vibe.Silo.Hosting;

namespace Vibe.Silo.Health;

/// <summary>Probes for process supervisors and load balancers.</summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", Live)
            .WithName("Liveness")
            .WithSummary("200 \"ok\" while the process serves HTTP")
            .WithTags("Health");
        endpoints.MapGet("/readyz", Ready)
            .WithName("Readiness")
            .WithSummary("200 once the silo has started, 503 while it starts or stops")
            .WithTags("Health");
        return endpoints;
    }

    public static ContentHttpResult Live() => TypedResults.Text("ok");

    public static Results<Ok<ReadinessReport>, JsonHttpResult<ReadinessReport>> Ready(
        SiloReadiness readiness, ActivationCounter activations, IOptions<SiloOptions> silo)
    {
        var report = new ReadinessReport(readiness.Status, silo.Value.SiloName, activations.Count);
        return readiness.IsReady
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
