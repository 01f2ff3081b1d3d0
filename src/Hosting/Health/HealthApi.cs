using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Vibe.Hosting.Clustering;

namespace Vibe.Hosting.Health;

/// <summary>Probes for process supervisors and load balancers; anonymous, so they work where authentication is on.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", Live)
            .WithName("Liveness")
            .WithSummary("200 \"ok\" while the process serves HTTP")
            .WithTags("Health")
            .AllowAnonymous();
        endpoints.MapGet("/readyz", Ready)
            .WithName("Readiness")
            .WithSummary("200 once the silo has started (in a cluster: joined it), 503 while it starts or stops; in a cluster it also gives the silo address and the active silo count")
            .WithTags("Health")
            .AllowAnonymous();
        return endpoints;
    }

    internal static ContentHttpResult Live() => TypedResults.Text("ok");

    internal static Results<Ok<ReadinessReport>, JsonHttpResult<ReadinessReport>> Ready(
        SiloReadiness readiness,
        ActivationCounter activations,
        ILocalSiloDetails local,
        [FromServices] ClusterConfiguration cluster,
        [FromServices] ActiveSiloCounter? activeSilos)
    {
        var report = new ReadinessReport(readiness.Status, local.Name, activations.Count);
        if (cluster.IsEnabled)
        {
            report = report with
            {
                SiloAddress = local.SiloAddress.ToString(),
                Cluster = cluster.ClusterId,
                ActiveSilos = activeSilos?.Count(),
            };
        }

        return readiness.IsReady
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
