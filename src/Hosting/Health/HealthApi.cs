using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Vibe.Actors.Hosting;
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

    internal static async Task<Results<Ok<ReadinessReport>, JsonHttpResult<ReadinessReport>>> Ready(
        SiloReadiness readiness,
        ActivationCounter activations,
        IOptions<SiloOptions> silo,
        ILocalSiloDetails local,
        [FromServices] ClusterConfiguration cluster,
        [FromServices] ActiveSiloCounter? activeSilos,
        CancellationToken cancellationToken)
    {
        var report = new ReadinessReport(readiness.Status, silo.Value.SiloName, activations.Count);
        if (cluster.IsEnabled)
        {
            var address = local.SiloAddress;
            report = report with
            {
                SiloAddress = address == "standalone" ? null : address, // "standalone" until the silo has joined
                Cluster = cluster.ClusterId,
                ActiveSilos = activeSilos is null ? null : await activeSilos.CountAsync(cancellationToken),
            };
        }

        return readiness.IsReady
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
