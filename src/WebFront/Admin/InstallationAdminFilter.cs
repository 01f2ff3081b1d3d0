using Vibe.WebFront.Accounts;
using Vibe.WebFront.Web;

namespace Vibe.WebFront.Admin;

/// <summary>Lets only enabled installation admins through, as the database says now (the token's claim may be minutes old).</summary>
internal sealed class InstallationAdminFilter(AccountStore accounts) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        return await accounts.IsEnabledAdminAsync(context.HttpContext.User.GetUserId(), context.HttpContext.RequestAborted)
            ? await next(context)
            : ApiProblems.Forbidden("Only installation admins manage users and settings.");
    }
}
