using System.Net;
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
            .WithSummary("200 once the silo has started (in a cluster: joined it), 503 while it starts or stops; to the installation admin and to callers on this machine it also gives the silo's name, activation count and, in a cluster, address and active silo count")
            .WithTags("Health")
            .AllowAnonymous();
        return endpoints;
    }

    /// <summary>The claim (value "true") that WebFront's access tokens give the installation admin.</summary>
    public const string AdminClaim = "admin";

    internal static ContentHttpResult Live() => TypedResults.Text("ok");

    /// <summary>
    /// Whether the caller may see more than the status: the installation admin, or a caller on this machine (a supervisor or
    /// a probe on loopback; behind a reverse proxy the address is the client's, see Vibe:Web:KnownProxies).
    /// </summary>
    internal static bool MaySeeDetails(HttpContext context) =>
        context.User.HasClaim(AdminClaim, "true")
        || context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);

    internal static Results<Ok<ReadinessReport>, JsonHttpResult<ReadinessReport>> Ready(
        HttpContext context,
        SiloReadiness readiness,
        ActivationCounter activations,
        ILocalSiloDetails local,
        [FromServices] ClusterConfiguration cluster,
        [FromServices] ActiveSiloCounter? activeSilos)
    {
        var report = new ReadinessReport(readiness.Status);
        if (MaySeeDetails(context))
        {
            report = report with { Silo = local.Name, Activations = activations.Count };
        }

        if (report.Silo is not null && cluster.IsEnabled)
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
