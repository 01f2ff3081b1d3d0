namespace Vibe.Hosting.Clustering;

public static class TransientClusterRetryExtensions
{
    /// <summary>Retries GET and HEAD requests whose grain calls met a changing cluster (<see cref="TransientClusterRetry"/>); add it after UseExceptionHandler.</summary>
    public static IApplicationBuilder UseTransientClusterRetry(this IApplicationBuilder app) => app.UseMiddleware<TransientClusterRetry>();
}
