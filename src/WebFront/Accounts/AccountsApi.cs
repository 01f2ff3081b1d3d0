using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Vibe.WebFront.Audit;
using Vibe.WebFront.Email;
using Vibe.WebFront.Hubs;
using Vibe.WebFront.Teams;
using Vibe.WebFront.Web;

namespace Vibe.WebFront.Accounts;

/// <summary>
/// <c>/api/v1/auth</c>: register (as the sign-up policy allows), sign in, refresh, sign out, the current user, password
/// change and reset; and <c>/api/v1/setup</c>, which tells the first-run page whether an account exists yet. These
/// endpoints are rate limited per IP address (the "sign-in" policy); failed sign-ins slow down the address and the
/// (address, account) pair (<see cref="SignInThrottle"/>), never the account itself. Answers never tell whether an email
/// has an account, except to whoever holds its password or an invitation for it.
/// </summary>
internal static class AccountsApi
{
    public const string SignInRateLimitPolicy = "sign-in";

    private const string InvalidCredentials = "The email or password is wrong.";
    private const string InvalidRefreshToken = "The refresh token is not valid: it is unknown, expired, revoked or was used already. Sign in again.";
    private const string NoAccount = "The account of this access token no longer exists.";

    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<RefreshTokenStore>();
        services.AddSingleton<PasswordResetStore>();
        services.AddSingleton<PendingSignUpStore>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<SignUpRules>();
        services.AddSingleton<SessionIssuer>();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(SignInRateLimitPolicy, context =>
            {
                var auth = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(AddressOf(context), _ => new FixedWindowRateLimiterOptions
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
            .WithSummary("Whether no account exists yet (the first account registered becomes the installation admin), and the sign-up policy")
            .WithTags("Accounts")
            .AllowAnonymous();

        var auth = endpoints.MapGroup("/api/v1/auth").WithTags("Accounts").AddEndpointFilter<ClientErrorLogging>();
        auth.MapPost("/register", Register)
            .WithName("Register")
            .WithSummary("Creates an account as the sign-up policy allows (with an invitation unless sign-up is open) and signs it in; with email configured an open sign-up is finished from a link sent to the address")
            .AllowAnonymous()
            .RequireRateLimiting(SignInRateLimitPolicy);
        auth.MapPost("/register/confirm", ConfirmRegistration)
            .WithName("ConfirmRegistration")
            .WithSummary("Finishes an open sign-up from the token of the link sent by email, and signs the new account in")
            .AllowAnonymous()
            .RequireRateLimiting(SignInRateLimitPolicy);
        auth.MapPost("/login", Login)
            .WithName("Login")
            .WithSummary("Signs in with email and password; send X-Vibe-Session: cookie to get the refresh token as an HttpOnly cookie")
            .AllowAnonymous()
            .RequireRateLimiting(SignInRateLimitPolicy);
        auth.MapPost("/refresh", Refresh)
            .WithName("Refresh")
            .WithSummary("Exchanges a refresh token (in the body, or the browser's cookie with X-Vibe-Session: cookie) for new tokens; a token used twice revokes its whole session")
            .AllowAnonymous();
        auth.MapDelete("/refresh", EndCookieSession)
            .WithName("EndCookieSession")
            .WithSummary("Signs a browser out: revokes the session of the refresh cookie and removes it (X-Vibe-Session: cookie)")
            .AllowAnonymous();
        auth.MapPost("/logout", Logout)
            .WithName("Logout")
            .WithSummary("Revokes the session of a refresh token given in the body")
            .AllowAnonymous();
        auth.MapGet("/me", Me)
            .WithName("GetCurrentUser")
            .WithSummary("The signed-in user");
        auth.MapPost("/password", ChangePassword)
            .WithName("ChangePassword")
            .WithSummary("Changes the password, signs out every session and returns new tokens for this one");
        auth.MapPost("/password-reset", ResetPassword)
            .WithName("ResetPassword")
            .WithSummary("Sets a new password with the token of a reset link from the installation admin, signs out every session and signs in")
            .AllowAnonymous()
            .RequireRateLimiting(SignInRateLimitPolicy);
        return endpoints;
    }

    public static async Task<Ok<SetupStatus>> GetSetup(AccountStore accounts, SignUpRules signUp, EmailOutbox email, CancellationToken cancellationToken) =>
        TypedResults.Ok(new SetupStatus(!await accounts.AnyAsync(cancellationToken), await signUp.GetAsync(cancellationToken), email.IsEnabled));

    public static async Task<Results<Ok<TokenResponse>, Accepted<SignUpPending>, ValidationProblem, ProblemHttpResult>> Register(
        RegisterRequest request, HttpContext context, AccountStore accounts, PasswordHasher hasher, SessionIssuer sessions, SignUpRules signUp,
        TeamStore teams, PendingSignUpStore pending, EmailOutbox email, IAuditLog audit, IOptions<AuthOptions> options, IOptions<WebOptions> web,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        AddError(errors, "email", AccountValidation.DescribeEmail(request.Email));
        AddError(errors, "password", AccountValidation.DescribePassword(request.Password));
        AddError(errors, "displayName", AccountValidation.DescribeDisplayName(request.DisplayName));
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var address = AccountValidation.NormalizeEmail(request.Email!);
        var displayName = request.DisplayName!.Trim();
        var now = time.GetUtcNow();
        if (!string.IsNullOrWhiteSpace(request.Invitation))
        {
            return await RegisterInvitedAsync(request.Invitation.Trim(), address, displayName, request.Password!, context, accounts, hasher, sessions, signUp, teams, audit, now, cancellationToken);
        }

        // The first account is the installation admin, whatever the policy.
        if (await accounts.AnyAsync(cancellationToken))
        {
            switch (await signUp.GetAsync(cancellationToken))
            {
                case SignUpPolicy.InviteOnly:
                    return ApiProblems.Forbidden("Sign-up needs an invitation here: ask a team owner or admin to invite this address, then open the link they send.");
                case SignUpPolicy.Closed:
                    return ApiProblems.Forbidden("Sign-up is closed here: ask the installation admin for an invitation.");
            }

            if (email.IsEnabled)
            {
                return await StartConfirmedSignUpAsync(address, displayName, request.Password!, accounts, hasher, pending, email, options.Value, web.Value, now, cancellationToken);
            }
        }

        var user = await accounts.CreateAsync(address, displayName, hasher.Hash(request.Password!), now, cancellationToken);
        if (user is null)
        {
            // Without email to confirm through, an open sign-up cannot hide that the address is taken (see docs/configuration.md).
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "This email cannot be used", "This email cannot be used to sign up. If it is yours, sign in instead.");
        }

        await audit.RecordAsync(new AuditEntry(AuditActions.Registered, user.Id, Subject: user.IsAdmin ? "installation admin" : null), cancellationToken);
        return TypedResults.Ok(await sessions.StartAsync(user, context, cancellationToken));
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> ConfirmRegistration(
        TokenRequest request, HttpContext context, PendingSignUpStore pending, AccountStore accounts, SessionIssuer sessions, IAuditLog audit,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Token))
        {
            return ApiProblems.Validation("token", "The token from the link is missing.");
        }

        var now = time.GetUtcNow();
        if (await pending.TakeAsync(request.Token.Trim(), now, cancellationToken) is not { } signUp)
        {
            return ApiProblems.NotFound("This sign-up link is not valid any more: it was used or has expired. Sign up again.");
        }

        var user = await accounts.CreateAsync(signUp.Email, signUp.DisplayName, signUp.PasswordHash, now, cancellationToken);
        if (user is null)
        {
            // Only whoever received the link at that address learns this.
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "You have an account", "This address has an account already: sign in instead.");
        }

        await audit.RecordAsync(new AuditEntry(AuditActions.Registered, user.Id, Subject: "confirmed by email"), cancellationToken);
        return TypedResults.Ok(await sessions.StartAsync(user, context, cancellationToken));
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Login(
        LoginRequest request, HttpContext context, AccountStore accounts, PasswordHasher hasher, SignInThrottle throttle, SessionIssuer sessions,
        IAuditLog audit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        AddError(errors, "email", string.IsNullOrWhiteSpace(request.Email) ? "The email is missing." : null);
        AddError(errors, "password", string.IsNullOrEmpty(request.Password) ? "The password is missing." : null);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var email = AccountValidation.NormalizeEmail(request.Email!);
        var address = AddressOf(context);
        if (throttle.RetryAfter(address, email) is { } wait)
        {
            return ApiProblems.TooManyRequests(context, wait, "Too many failed sign-ins",
                $"There were too many failed sign-ins from your address; try again in {Seconds(wait)} seconds.");
        }

        var user = await accounts.FindByEmailAsync(email, cancellationToken);
        var check = user is null ? hasher.VerifyDecoy(request.Password!) : hasher.Verify(user.PasswordHash, request.Password!);
        if (user is null || check == PasswordCheck.Failed)
        {
            throttle.RecordFailure(address, email);
            await audit.RecordAsync(new AuditEntry(AuditActions.LoginFailed, Subject: email), cancellationToken);
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Sign-in failed", InvalidCredentials);
        }

        throttle.RecordSuccess(address, email);
        if (user.IsDisabled)
        {
            // Only whoever knows the password learns that the account exists.
            return ApiProblems.Forbidden("This account is disabled: ask the installation admin.");
        }

        if (check == PasswordCheck.SucceededNeedsRehash)
        {
            await accounts.UpgradePasswordHashAsync(user.Id, hasher.Hash(request.Password!), cancellationToken);
        }

        await audit.RecordAsync(new AuditEntry(AuditActions.LoginSucceeded, user.Id), cancellationToken);
        return TypedResults.Ok(await sessions.StartAsync(user.ToAccountUser(), context, cancellationToken));
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> Refresh(
        RefreshRequest? request, HttpContext context, RefreshTokenStore tokens, AccountStore accounts, SessionIssuer sessions, IAuditLog audit,
        IOptions<AuthOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var token = request?.RefreshToken;
        var fromCookie = string.IsNullOrWhiteSpace(token);
        if (fromCookie)
        {
            token = RefreshCookie.Read(context.Request);
            if (token is null)
            {
                return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Sign in", "There is no session to refresh: give refreshToken in the body, or sign in.");
            }

            if (RefreshCookie.DescribeForgery(context.Request) is { } forgery)
            {
                return ApiProblems.Forbidden(forgery);
            }
        }

        var outcome = await tokens.RotateAsync(token!, time.GetUtcNow(), options.Value.RefreshTokenLifetime, cancellationToken);
        if (outcome.Kind == RefreshOutcomeKind.Reused)
        {
            await audit.RecordAsync(new AuditEntry(AuditActions.RefreshTokenReused, outcome.UserId, Subject: "session revoked"), cancellationToken);
        }

        var user = outcome.Kind == RefreshOutcomeKind.Rotated ? await accounts.FindByIdAsync(outcome.UserId, cancellationToken) : null;
        if (user is null || user.IsDisabled)
        {
            if (fromCookie)
            {
                RefreshCookie.Clear(context.Response);
            }

            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Sign in again", user?.IsDisabled == true ? "This account is disabled: ask the installation admin." : InvalidRefreshToken);
        }

        return TypedResults.Ok(sessions.Continue(user.ToAccountUser(), outcome.Token!, outcome.ExpiresAt, context));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> EndCookieSession(
        HttpContext context, RefreshTokenStore tokens, IAuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if (RefreshCookie.DescribeForgery(context.Request) is { } forgery)
        {
            return ApiProblems.Forbidden(forgery);
        }

        if (RefreshCookie.Read(context.Request) is { } token && await tokens.RevokeFamilyAsync(token, time.GetUtcNow(), cancellationToken) is { } userId)
        {
            await audit.RecordAsync(new AuditEntry(AuditActions.Logout, userId), cancellationToken);
        }

        RefreshCookie.Clear(context.Response);
        return TypedResults.NoContent();
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
            ? ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Sign in again", NoAccount)
            : TypedResults.Ok(user.ToAccountUser());
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> ChangePassword(
        ChangePasswordRequest request, ClaimsPrincipal principal, HttpContext context, AccountStore accounts, PasswordHasher hasher, RefreshTokenStore tokens,
        SessionRevocations revocations, SessionIssuer sessions, IAuditLog audit, TimeProvider time, CancellationToken cancellationToken)
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
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Sign in again", NoAccount);
        }

        if (hasher.Verify(user.PasswordHash, request.CurrentPassword!) == PasswordCheck.Failed)
        {
            return ApiProblems.Validation("currentPassword", "The current password is wrong.");
        }

        var now = time.GetUtcNow();
        await accounts.ChangePasswordAsync(user.Id, hasher.Hash(request.NewPassword!), now, cancellationToken);
        await tokens.RevokeAllAsync(user.Id, now, cancellationToken);
        await revocations.RevokeAsync(user.Id, cancellationToken);
        await audit.RecordAsync(new AuditEntry(AuditActions.PasswordChanged, user.Id), cancellationToken);
        return TypedResults.Ok(await sessions.StartAsync(user.ToAccountUser() with { SecurityStamp = now.ToUnixTimeMilliseconds() }, context, cancellationToken));
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> ResetPassword(
        PasswordResetRequest request, HttpContext context, PasswordResetStore resets, AccountStore accounts, PasswordHasher hasher, RefreshTokenStore tokens,
        SessionRevocations revocations, SessionIssuer sessions, IAuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        AddError(errors, "token", string.IsNullOrWhiteSpace(request.Token) ? "The token from the reset link is missing." : null);
        AddError(errors, "newPassword", AccountValidation.DescribePassword(request.NewPassword, "The new password"));
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var now = time.GetUtcNow();
        var userId = await resets.UseAsync(request.Token!.Trim(), now, cancellationToken);
        var user = userId is { } id ? await accounts.FindByIdAsync(id, cancellationToken) : null;
        if (user is null)
        {
            return ApiProblems.NotFound("This password reset link is not valid any more: it was used, replaced by a newer one, or has expired. Ask the installation admin for a new one.");
        }

        await accounts.ChangePasswordAsync(user.Id, hasher.Hash(request.NewPassword!), now, cancellationToken);
        await tokens.RevokeAllAsync(user.Id, now, cancellationToken);
        await revocations.RevokeAsync(user.Id, cancellationToken);
        await audit.RecordAsync(new AuditEntry(AuditActions.PasswordReset, user.Id), cancellationToken);
        if (user.IsDisabled)
        {
            return ApiProblems.Forbidden("The password is changed, but this account is disabled: ask the installation admin.");
        }

        return TypedResults.Ok(await sessions.StartAsync(user.ToAccountUser() with { SecurityStamp = now.ToUnixTimeMilliseconds() }, context, cancellationToken));
    }

    /// <summary>The client's IP address as the rate limits and the throttle know it.</summary>
    public static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async Task<Results<Ok<TokenResponse>, Accepted<SignUpPending>, ValidationProblem, ProblemHttpResult>> RegisterInvitedAsync(
        string token, string email, string displayName, string password, HttpContext context, AccountStore accounts, PasswordHasher hasher, SessionIssuer sessions,
        SignUpRules signUp, TeamStore teams, IAuditLog audit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var invitation = await teams.FindPendingInvitationAsync(token, now, cancellationToken);
        if (invitation is null)
        {
            return ApiProblems.NotFound("This invitation is not valid any more: it was used, revoked or has expired. Ask for a new one.");
        }

        if (invitation.Email != email)
        {
            return ApiProblems.Validation("email", $"This invitation is for {invitation.Email}: sign up with that address.");
        }

        if (!invitation.InvitedByInstallationAdmin && await signUp.GetAsync(cancellationToken) == SignUpPolicy.Closed)
        {
            return ApiProblems.Forbidden("Sign-up is closed here: only an installation admin's invitations create accounts. With an existing account, sign in to accept this invitation.");
        }

        var user = await accounts.CreateAsync(email, displayName, hasher.Hash(password), now, cancellationToken);
        if (user is null)
        {
            // Only the holder of an invitation for this address learns it.
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "You have an account", "This address has an account already: sign in to accept the invitation.");
        }

        await audit.RecordAsync(new AuditEntry(AuditActions.Registered, user.Id, invitation.TeamId, Subject: "invited"), cancellationToken);
        var (outcome, teamId, role) = await teams.AcceptInvitationAsync(token, user.Id, email, now, cancellationToken);
        if (outcome == InvitationAcceptance.Accepted)
        {
            await audit.RecordAsync(new AuditEntry(AuditActions.InvitationAccepted, user.Id, teamId, Subject: $"{email} as {WireJson.Name(role)}"), cancellationToken);
        }

        return TypedResults.Ok(await sessions.StartAsync(user, context, cancellationToken));
    }

    private static async Task<Results<Ok<TokenResponse>, Accepted<SignUpPending>, ValidationProblem, ProblemHttpResult>> StartConfirmedSignUpAsync(
        string email, string displayName, string password, AccountStore accounts, PasswordHasher hasher, PendingSignUpStore pending, EmailOutbox outbox,
        AuthOptions auth, WebOptions web, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Hashed either way, so both answers take as long.
        var passwordHash = hasher.Hash(password);
        if (await accounts.FindByEmailAsync(email, cancellationToken) is null)
        {
            var expiresAt = now + auth.SignUpLinkLifetime;
            var token = await pending.CreateAsync(email, displayName, passwordHash, now, expiresAt, cancellationToken);
            outbox.Enqueue(AccountEmails.ConfirmSignUp(email, displayName, web.Link($"confirm/{token}")!, expiresAt));
        }
        else
        {
            outbox.Enqueue(AccountEmails.AlreadyRegistered(email, web.Link("login")!));
        }

        return TypedResults.Accepted((string?)null, new SignUpPending(email, $"We sent a link to {email}: open it to finish signing up."));
    }

    private static void AddError(Dictionary<string, string[]> errors, string field, string? problem)
    {
        if (problem is not null)
        {
            errors[field] = [problem];
        }
    }

    private static string Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
