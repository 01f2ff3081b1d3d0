using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Vibe.WebFront.Accounts;
using Vibe.WebFront.Agents;
using Vibe.WebFront.Audit;
using Vibe.WebFront.Email;
using Vibe.WebFront.Hubs;
using Vibe.WebFront.Web;

namespace Vibe.WebFront.Admin;

/// <summary>
/// <c>/api/v1/admin</c>, for installation admins: the accounts (disable, make admin, password reset links), the
/// installation settings (sign-up policy, private endpoints teams' AI providers may use) and the way into the cluster
/// dashboard (<see cref="ClusterDashboard"/>). The audit log with its filters is <c>GET /api/v1/audit</c>.
/// </summary>
internal static class AdminApi
{
    public const int MaxUsersListed = 500;

    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddSingleton<InstallationSettings>();
        return services.AddClusterDashboard();
    }

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/api/v1/admin").WithTags("Admin").RequireAuthorization()
            .AddEndpointFilter<ClientErrorLogging>()
            .AddEndpointFilter<InstallationAdminFilter>();
        admin.MapGet("/users", ListUsers).WithName("ListUsers").WithSummary($"The accounts by email, at most {MaxUsersListed}; q filters on email and name");
        admin.MapPatch("/users/{userId:guid}", UpdateUser)
            .WithName("UpdateUser")
            .WithSummary("Disables or enables an account (disabling signs it out), makes it an installation admin or not; never the last enabled admin");
        admin.MapPost("/users/{userId:guid}/password-reset", CreatePasswordResetLink)
            .WithName("CreatePasswordResetLink")
            .WithSummary("A link that lets the account set a new password, shown once (and emailed when Vibe sends email); it replaces earlier links");
        admin.MapGet("/settings", GetSettings).WithName("GetInstallationSettings").WithSummary("The sign-up policy and the private endpoints teams' AI providers may use");
        admin.MapPut("/settings", UpdateSettings).WithName("UpdateInstallationSettings").WithSummary("Changes the sign-up policy and/or the allowed private AI endpoints");
        admin.MapPost("/cluster-session", ClusterDashboard.OpenSession)
            .WithName("OpenClusterDashboard")
            .WithSummary($"Sets the short-lived HttpOnly cookie that lets this browser open the cluster dashboard at {ClusterDashboardCookie.Path}/ (renewed while in use)");
        return endpoints.MapClusterDashboard();
    }

    public static async Task<Ok<IReadOnlyList<AdminUser>>> ListUsers(string? q, AccountStore accounts, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<AdminUser>>([.. (await accounts.ListAsync(q, MaxUsersListed, cancellationToken)).Select(ToView)]);

    public static async Task<Results<Ok<AdminUser>, ProblemHttpResult>> UpdateUser(
        Guid userId, UpdateUserRequest request, ClaimsPrincipal principal, AccountStore accounts, RefreshTokenStore tokens, SessionRevocations revocations,
        IAuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var callerId = principal.GetUserId();
        if (await accounts.FindByIdAsync(userId, cancellationToken) is not { } user)
        {
            return NoSuchUser(userId);
        }

        var now = time.GetUtcNow();
        if (request.Disabled is { } disabled && disabled != user.IsDisabled)
        {
            if (disabled && userId == callerId)
            {
                return ApiProblems.Problem(StatusCodes.Status409Conflict, "Not yourself", "You cannot disable your own account: another admin can.");
            }

            if (disabled && user.IsAdmin && await accounts.CountOtherEnabledAdminsAsync(userId, cancellationToken) == 0)
            {
                return LastAdmin();
            }

            await accounts.SetDisabledAsync(userId, disabled, callerId, now, cancellationToken);
            if (disabled)
            {
                await tokens.RevokeAllAsync(userId, now, cancellationToken);
            }

            await revocations.RevokeAsync(userId, cancellationToken);
            await audit.RecordAsync(new AuditEntry(disabled ? AuditActions.UserDisabled : AuditActions.UserEnabled, callerId, Subject: user.Email), cancellationToken);
        }

        if (request.IsAdmin is { } isAdmin && isAdmin != user.IsAdmin)
        {
            switch (await accounts.SetAdminAsync(userId, isAdmin, cancellationToken))
            {
                case AdminChange.NoSuchUser:
                    return NoSuchUser(userId);
                case AdminChange.LastAdmin:
                    return LastAdmin();
            }

            await audit.RecordAsync(new AuditEntry(isAdmin ? AuditActions.AdminGranted : AuditActions.AdminRevoked, callerId, Subject: user.Email), cancellationToken);
        }

        return await accounts.FindByIdAsync(userId, cancellationToken) is { } updated ? TypedResults.Ok(ToView(updated)) : NoSuchUser(userId);
    }

    public static async Task<Results<Ok<PasswordResetLink>, ProblemHttpResult>> CreatePasswordResetLink(
        Guid userId, ClaimsPrincipal principal, AccountStore accounts, PasswordResetStore resets, EmailOutbox outbox, IAuditLog audit,
        IOptions<AuthOptions> auth, IOptions<WebOptions> web, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await accounts.FindByIdAsync(userId, cancellationToken) is not { } user)
        {
            return NoSuchUser(userId);
        }

        var now = time.GetUtcNow();
        var expiresAt = now + auth.Value.PasswordResetLifetime;
        var token = await resets.CreateAsync(userId, principal.GetUserId(), now, expiresAt, cancellationToken);
        var path = $"/reset-password/{token}";
        var link = web.Value.Link(path);
        var emailed = link is not null && outbox.Enqueue(new EmailMessage(
            user.Email,
            "Set a new Vibe password",
            $"""
            Hello {user.DisplayName},

            Your Vibe administrator made a link for you to set a new password:

            {link}

            It works once, until {expiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC. Setting the password signs out your other sessions.
            """,
            "password reset"));
        await audit.RecordAsync(new AuditEntry(AuditActions.PasswordResetLinkCreated, principal.GetUserId(), Subject: user.Email), cancellationToken);
        return TypedResults.Ok(new PasswordResetLink(path, link, expiresAt, emailed));
    }

    public static async Task<Ok<AdminSettings>> GetSettings(SignUpRules signUp, AllowedEndpoints endpoints, EmailOutbox outbox, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ReadSettingsAsync(signUp, endpoints, outbox, cancellationToken));

    public static async Task<Results<Ok<AdminSettings>, ValidationProblem>> UpdateSettings(
        UpdateSettingsRequest request, ClaimsPrincipal principal, SignUpRules signUp, AllowedEndpoints endpoints, EmailOutbox outbox, IAuditLog audit,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        SignUpPolicy? policy = null;
        if (request.SignUp is not null)
        {
            if (Enum.TryParse<SignUpPolicy>(request.SignUp, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                policy = parsed;
            }
            else
            {
                errors["signUp"] = [$"'{request.SignUp}' is not a sign-up policy; use open, inviteOnly or closed."];
            }
        }

        var allowed = request.AllowedAgentEndpoints?.Select(entry => entry.Trim()).Where(entry => entry.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (allowed is not null && AllowedEndpoints.DescribeInvalid(allowed) is { } invalid)
        {
            errors["allowedAgentEndpoints"] = [invalid];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var changes = new List<string>();
        if (policy is { } newPolicy)
        {
            await signUp.SetAsync(newPolicy, cancellationToken);
            changes.Add($"sign-up {newPolicy}");
        }

        if (allowed is not null)
        {
            await endpoints.SetAdminListAsync(allowed, cancellationToken);
            changes.Add($"allowed AI endpoints: {(allowed.Count == 0 ? "none" : string.Join(", ", allowed))}");
        }

        if (changes.Count > 0)
        {
            await audit.RecordAsync(new AuditEntry(AuditActions.SettingsChanged, principal.GetUserId(), Subject: string.Join("; ", changes)), cancellationToken);
        }

        return TypedResults.Ok(await ReadSettingsAsync(signUp, endpoints, outbox, cancellationToken));
    }

    private static async Task<AdminSettings> ReadSettingsAsync(SignUpRules signUp, AllowedEndpoints endpoints, EmailOutbox outbox, CancellationToken cancellationToken) =>
        new(await signUp.GetAsync(cancellationToken), await endpoints.GetAdminListAsync(cancellationToken), endpoints.ConfiguredList, outbox.IsEnabled);

    private static AdminUser ToView(UserRecord user) =>
        new(user.Id, user.Email, user.DisplayName, user.IsAdmin, user.IsDisabled, Data.UnixTime.FromMilliseconds(user.CreatedAt));

    private static ProblemHttpResult NoSuchUser(Guid userId) => ApiProblems.NotFound($"There is no account {userId}.");

    private static ProblemHttpResult LastAdmin() => ApiProblems.Problem(StatusCodes.Status409Conflict, "Vibe needs an admin",
        "This is the only enabled installation admin: make another account an admin first.");
}
