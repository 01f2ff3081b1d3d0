using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Vibe.WebFront.Web;

namespace Vibe.WebFront.Workspaces;

/// <summary>
/// Rate-limits creating, starting and restarting workspaces per signed-in user (a fixed window of
/// <see cref="WorkspaceRateLimitOptions"/>), so one account cannot make containers as fast as it can send requests.
/// Anonymous requests are not limited here: authorization refuses them next.
/// </summary>
internal sealed class WorkspaceRateLimitPolicy(IOptions<WorkspaceRateLimitOptions> options) : IRateLimiterPolicy<string>
{
    public const string Name = "workspace-lifecycle";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = static async (rejected, _) =>
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var problem = ApiProblems.TooManyRequests(rejected.HttpContext, retryAfter, "Too many requests",
            $"You created or started too many workspaces in a short time; try again in {seconds} seconds.");
        await problem.ExecuteAsync(rejected.HttpContext);
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var user = httpContext.User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        if (string.IsNullOrEmpty(user))
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var settings = options.Value;
        return RateLimitPartition.GetFixedWindowLimiter(user, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.PermitLimit,
            Window = settings.Window,
            QueueLimit = 0,
        });
    }
}
