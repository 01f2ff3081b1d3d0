using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Vibe.WebFront.Audit;
using Vibe.WebFront.Web;

namespace Vibe.WebFront.Accounts;

/// <summary>
/// <c>/api/v1/auth</c>: register, sign in, refresh, sign out, the current user, password change; and <c>/api/v1/setup</c>,
/// which tells the first-run page whether an account exists yet. Sign-in and registration are rate limited per IP
/// address (the "sign-in" policy), sign-in also per email address (<see cref="SignInThrottle"/>); repeated wrong
/// passwords lock the account for a while.
/// </summary>
internal static class AccountsApi
{
    public const string SignInRateLimitPolicy = "sign-in";

    private const string InvalidCredentials = "The email or password is wrong.";
    private const string InvalidRefreshToken = "The refresh token is not valid: it is unknown, expired, revoked or was used already. Sign in again.";

    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<RefreshTokenStore>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<SessionIssuer>();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(SignInRateLimitPolicy, context =>
            {
                var auth = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
                var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = auth.RequestsPerAddress,
                    Window = auth.RateLimitWindow,
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var problem = ApiProblems.TooManyRequests(rejected.HttpContext, retryAfter, "Too many requests",
                    $"This address made too many sign-in or registration requests; try again in {Seconds(retryAfter)} seconds.");
                await problem.ExecuteAsync(rejected.HttpContext);
            };
        });
        return services;
    }

    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/setup", GetSetup)
            .WithName("GetSetup")
            .WithSummary("Whether no account exists yet: the first account registered becomes the installation admin")
            .WithTags("Accounts")
            .AllowAnonymous();

        var auth = endpoints.MapGroup("/api/v1/auth").WithTags("Accounts");
        auth.MapPost("/register", Register)
            .WithName("Register")
            .WithSummary("Creates an account and signs it in; the first account is the installation admin")
            .AllowAnonymous()
            .RequireRateLimiting(SignInRateLimitPolicy);
        auth.MapPost("/login", Login)
            .WithName("Login")
            .WithSummary("Signs in with email and password")
            .AllowAnonymous()
            .RequireRateLimiting(SignInRateLimitPolicy);
        auth.MapPost("/refresh", Refresh)
            .WithName("Refresh")
            .WithSummary("Exchanges a refresh token for new tokens; a token used twice revokes its whole session")
            .AllowAnonymous();
        auth.MapPost("/logout", Logout)
            .WithName("Logout")
            .WithSummary("Revokes the session of a refresh token")
            .AllowAnonymous();
        auth.MapGet("/me", Me)
            .WithName("GetCurrentUser")
            .WithSummary("The signed-in user");
        auth.MapPost("/password", ChangePassword)
            .WithName("ChangePassword")
            .WithSummary("Changes the password, signs out every session and returns new tokens for this one");
        return endpoints;
    }

    public static async Task<Ok<SetupStatus>> GetSetup(AccountStore accounts, CancellationToken cancellationToken) =>
        TypedResults.Ok(new SetupStatus(!await accounts.AnyAsync(cancellationToken)));

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterRequest request, AccountStore accounts, PasswordHasher hasher, SessionIssuer sessions, IAuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        AddError(errors, "email", AccountValidation.DescribeEmail(request.Email));
        AddError(errors, "password", AccountValidation.DescribePassword(request.Password));
        AddError(errors, "displayName", AccountValidation.DescribeDisplayName(request.DisplayName));
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var email = AccountValidation.NormalizeEmail(request.Email!);
        var user = await accounts.CreateAsync(email, request.DisplayName!.Trim(), hasher.Hash(request.Password!), time.GetUtcNow(), cancellationToken);
        if (user is null)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "The email is taken", $"An account with the email {email} exists already; sign in instead.");
        }

        await audit.RecordAsync(new AuditEntry(AuditActions.Registered, user.Id, Subject: user.IsAdmin ? "installation admin" : null), cancellationToken);
        return TypedResults.Ok(await sessions.StartAsync(user, cancellationToken));
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Login(
        LoginRequest request, HttpContext context, AccountStore accounts, PasswordHasher hasher, SignInThrottle throttle, SessionIssuer sessions,
        IAuditLog audit, IOptions<AuthOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        AddError(errors, "email", string.IsNullOrWhiteSpace(request.Email) ? "The email is missing." : null);
        AddError(errors, "password", string.IsNullOrEmpty(request.Password) ? "The password is missing." : null);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var email = AccountValidation.NormalizeEmail(request.Email!);
        if (throttle.TryAcquire(email) is { } wait)
        {
            return ApiProblems.TooManyRequests(context, wait, "Too many sign-in attempts",
                $"There were too many sign-in attempts for this email; try again in {Seconds(wait)} seconds.");
        }

        var now = time.GetUtcNow();
        var user = await accounts.FindByEmailAsync(email, cancellationToken);
        if (user is null)
        {
            hasher.VerifyDecoy(request.Password!);
            await audit.RecordAsync(new AuditEntry(AuditActions.LoginFailed, Subject: email), cancellationToken);
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Sign-in failed", InvalidCredentials);
        }

        if (user.LockedUntil is { } lockedUntil && lockedUntil > now.ToUnixTimeMilliseconds())
        {
            return Locked(context, Data.UnixTime.FromMilliseconds(lockedUntil), now);
        }

        var check = hasher.Verify(user.PasswordHash, request.Password!);
        if (check == PasswordCheck.Failed)
        {
            var auth = options.Value;
            var locked = await accounts.RecordFailedSignInAsync(user.Id, auth.MaxFailedSignIns, now + auth.LockoutDuration, cancellationToken);
            await audit.RecordAsync(new AuditEntry(AuditActions.LoginFailed, Subject: email), cancellationToken);
            if (locked is { } until)
            {
                await audit.RecordAsync(new AuditEntry(AuditActions.LockedOut, Subject: email), cancellationToken);
                return Locked(context, until, now);
            }

            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Sign-in failed", InvalidCredentials);
        }

        await accounts.RecordSignInAsync(user.Id, check == PasswordCheck.SucceededNeedsRehash ? hasher.Hash(request.Password!) : null, cancellationToken);
        await audit.RecordAsync(new AuditEntry(AuditActions.LoginSucceeded, user.Id), cancellationToken);
        return TypedResults.Ok(await sessions.StartAsync(user.ToAccountUser(), cancellationToken));
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Refresh(
        RefreshRequest request, RefreshTokenStore tokens, AccountStore accounts, SessionIssuer sessions, IAuditLog audit,
        IOptions<AuthOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.RefreshToken))
        {
            return ApiProblems.Validation("refreshToken", "The refresh token is missing.");
        }

        var outcome = await tokens.RotateAsync(request.RefreshToken, time.GetUtcNow(), options.Value.RefreshTokenLifetime, cancellationToken);
        if (outcome.Kind == RefreshOutcomeKind.Reused)
        {
            await audit.RecordAsync(new AuditEntry(AuditActions.RefreshTokenReused, outcome.UserId, Subject: "session revoked"), cancellationToken);
        }

        var user = outcome.Kind == RefreshOutcomeKind.Rotated ? await accounts.FindByIdAsync(outcome.UserId, cancellationToken) : null;
        if (user is null)
        {
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Sign in again", InvalidRefreshToken);
        }

        return TypedResults.Ok(sessions.Continue(user.ToAccountUser(), outcome.Token!));
    }

    public static async Task<Results<NoContent, ValidationProblem>> Logout(
        RefreshRequest request, RefreshTokenStore tokens, IAuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.RefreshToken))
        {
            return ApiProblems.Validation("refreshToken", "The refresh token is missing.");
        }

        // Unknown or already revoked tokens sign nobody out; the answer is the same, so signing out twice is harmless.
        if (await tokens.RevokeFamilyAsync(request.RefreshToken, time.GetUtcNow(), cancellationToken) is { } userId)
        {
            await audit.RecordAsync(new AuditEntry(AuditActions.Logout, userId), cancellationToken);
        }

        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<AccountUser>, ProblemHttpResult>> Me(ClaimsPrincipal principal, AccountStore accounts, CancellationToken cancellationToken)
    {
        var user = await accounts.FindByIdAsync(principal.GetUserId(), cancellationToken);
        return user is null
            ? ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Sign in again", "The account of this access token no longer exists.")
            : TypedResults.Ok(user.ToAccountUser());
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> ChangePassword(
        ChangePasswordRequest request, ClaimsPrincipal principal, AccountStore accounts, PasswordHasher hasher, RefreshTokenStore tokens,
        SessionIssuer sessions, IAuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        AddError(errors, "currentPassword", string.IsNullOrEmpty(request.CurrentPassword) ? "The current password is missing." : null);
        AddError(errors, "newPassword", AccountValidation.DescribePassword(request.NewPassword, "The new password"));
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var user = await accounts.FindByIdAsync(principal.GetUserId(), cancellationToken);
        if (user is null)
        {
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Sign in again", "The account of this access token no longer exists.");
        }

        if (hasher.Verify(user.PasswordHash, request.CurrentPassword!) == PasswordCheck.Failed)
        {
            return ApiProblems.Validation("currentPassword", "The current password is wrong.");
        }

        var now = time.GetUtcNow();
        await accounts.ChangePasswordAsync(user.Id, hasher.Hash(request.NewPassword!), now, cancellationToken);
        await tokens.RevokeAllAsync(user.Id, now, cancellationToken);
        await audit.RecordAsync(new AuditEntry(AuditActions.PasswordChanged, user.Id), cancellationToken);
        return TypedResults.Ok(await sessions.StartAsync(user.ToAccountUser(), cancellationToken));
    }

    private static ProblemHttpResult Locked(HttpContext context, DateTimeOffset until, DateTimeOffset now) =>
        ApiProblems.TooManyRequests(context, until - now, "Account locked",
            $"Too many wrong passwords: the account is locked until {until.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC. Try again then.");

    private static void AddError(Dictionary<string, string[]> errors, string field, string? problem)
    {
        if (problem is not null)
        {
            errors[field] = [problem];
        }
    }

    private static string Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
