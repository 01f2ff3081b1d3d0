using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using AccessTokenIssuer = Vibe.WebFront.Accounts.AccessTokenIssuer;
using AccountUser = Vibe.WebFront.Accounts.AccountUser;

namespace Vibe.WebFront.Tests.Accounts;

[Collection(WebFrontCollection.Name)]
public sealed class AccountTests(WebFrontFixture fixture)
{
    [Fact]
    public async Task Registering_signs_the_user_in_and_me_shows_the_user()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(AccountTests));
        var email = $"Ada.{Guid.NewGuid():N}@Example.com";
        using var anonymous = factory.CreateClient();

        using var registered = await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { email, password = "analytical engine", displayName = "  Ada Lovelace " });

        var tokens = await HttpAssert.OkAsync<TokenResponse>(registered);
        Assert.Equal(email.ToLowerInvariant(), tokens.User.Email);
        Assert.Equal("Ada Lovelace", tokens.User.DisplayName);
        Assert.False(string.IsNullOrEmpty(tokens.RefreshToken));
        Assert.InRange(tokens.AccessTokenExpiresAt, DateTimeOffset.UtcNow.AddMinutes(10), DateTimeOffset.UtcNow.AddMinutes(16));
        using var client = factory.CreateClient(tokens.AccessToken);
        var me = await HttpAssert.OkAsync<UserResponse>(await client.GetAsync("/api/v1/auth/me"));
        Assert.Equal(tokens.User, me);

        // The email is matched without regard to case or surrounding spaces.
        var login = await factory.LoginAsync($"  {email.ToUpperInvariant()} ", "analytical engine");
        Assert.Equal(tokens.User.Id, login.User.Id);
    }

    [Fact]
    public async Task The_first_account_is_the_installation_admin_and_setup_says_when_there_is_none()
    {
        await using var factory = await fixture.CreateFactoryAsync();
        using var anonymous = factory.CreateClient();
        Assert.True((await HttpAssert.OkAsync<SetupResponse>(await anonymous.GetAsync("/api/v1/setup"))).NeedsFirstAccount);

        var first = await factory.RegisterAsync();
        var second = await factory.RegisterAsync();

        Assert.False((await HttpAssert.OkAsync<SetupResponse>(await anonymous.GetAsync("/api/v1/setup"))).NeedsFirstAccount);
        using var firstClient = factory.CreateClient(first);
        using var secondClient = factory.CreateClient(second);
        Assert.True((await HttpAssert.OkAsync<UserResponse>(await firstClient.GetAsync("/api/v1/auth/me"))).IsAdmin);
        Assert.False((await HttpAssert.OkAsync<UserResponse>(await secondClient.GetAsync("/api/v1/auth/me"))).IsAdmin);
    }

    [Fact]
    public async Task Registration_names_each_invalid_field()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(AccountTests));
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = "not-an-email", password = "short", displayName = "" });

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem.Errors);
        Assert.Contains("not an email address", Assert.Single(problem.Errors["email"]), StringComparison.Ordinal);
        Assert.Contains("at least 10", Assert.Single(problem.Errors["password"]), StringComparison.Ordinal);
        Assert.Contains("display name is missing", Assert.Single(problem.Errors["displayName"]), StringComparison.Ordinal);
        Assert.Contains("at least 10", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_a_taken_email_without_email_to_confirm_through_is_refused_without_naming_the_account()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(AccountTests));
        var user = await factory.RegisterAsync();
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = user.Email.ToUpperInvariant(), password = "another long password", displayName = "Copycat" });

        var problem = await HttpAssert.ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal("This email cannot be used to sign up. If it is yours, sign in instead.", problem.Detail);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_refusal()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(AccountTests));
        var user = await factory.RegisterAsync();
        using var client = factory.CreateClient();

        using var wrongPassword = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = "not the password" });
        using var unknownEmail = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "nobody@example.com", password = "not the password" });

        var first = await HttpAssert.ProblemAsync(wrongPassword, HttpStatusCode.Unauthorized);
        var second = await HttpAssert.ProblemAsync(unknownEmail, HttpStatusCode.Unauthorized);
        Assert.Equal(first.Detail, second.Detail);
        Assert.Equal("The email or password is wrong.", first.Detail);
    }

    [Fact]
    public async Task A_refresh_rotates_the_token_and_reusing_a_rotated_one_revokes_the_session()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(AccountTests));
        var user = await factory.RegisterAsync();
        var otherSession = await factory.LoginAsync(user.Email);
        using var client = factory.CreateClient();

        var rotated = await HttpAssert.OkAsync<TokenResponse>(await Refresh(user.RefreshToken));
        Assert.NotEqual(user.RefreshToken, rotated.RefreshToken);
        Assert.NotNull(rotated.RefreshToken);
        Assert.Equal(user.Id, rotated.User.Id);
        using (var withNewToken = factory.CreateClient(rotated.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, (await withNewToken.GetAsync("/api/v1/auth/me")).StatusCode);
        }

        // The first token again: someone else holds a copy, so the whole session ends, the new token included.
        var reused = await HttpAssert.ProblemAsync(await Refresh(user.RefreshToken), HttpStatusCode.Unauthorized);
        Assert.Contains("Sign in again", reused.Detail, StringComparison.Ordinal);
        await HttpAssert.ProblemAsync(await Refresh(rotated.RefreshToken!), HttpStatusCode.Unauthorized);

        // Other sessions of the user go on.
        await HttpAssert.OkAsync<TokenResponse>(await Refresh(otherSession.RefreshToken!));

        Task<HttpResponseMessage> Refresh(string token) => client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = token });
    }

    [Fact]
    public async Task Logout_revokes_the_session()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(AccountTests));
        var user = await factory.RegisterAsync();
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken = user.RefreshToken })).StatusCode);

        await HttpAssert.ProblemAsync(await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken }), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken = user.RefreshToken })).StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_revokes_every_session_and_replaces_the_password()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(AccountTests));
        var user = await factory.RegisterAsync();
        var otherSession = await factory.LoginAsync(user.Email);
        using var client = factory.CreateClient(user);

        var wrong = await HttpAssert.ProblemAsync(
            await client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = "not my password", newPassword = "a new long password" }),
            HttpStatusCode.BadRequest);
        Assert.Equal("The current password is wrong.", Assert.Single(wrong.Errors!["currentPassword"]));
        var tooShort = await HttpAssert.ProblemAsync(
            await client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = user.Password, newPassword = "short" }),
            HttpStatusCode.BadRequest);
        Assert.Contains("at least 10", Assert.Single(tooShort.Errors!["newPassword"]), StringComparison.Ordinal);

        var changed = await HttpAssert.OkAsync<TokenResponse>(
            await client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = user.Password, newPassword = "a new long password" }));

        using var anonymous = factory.CreateClient();
        await HttpAssert.ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken }), HttpStatusCode.Unauthorized);
        await HttpAssert.ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = otherSession.RefreshToken }), HttpStatusCode.Unauthorized);
        await HttpAssert.OkAsync<TokenResponse>(await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = changed.RefreshToken! }));
        await HttpAssert.ProblemAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = user.Password }), HttpStatusCode.Unauthorized);
        await factory.LoginAsync(user.Email, "a new long password");
    }

    [Fact]
    public async Task An_expired_or_foreign_access_token_is_refused()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(AccountTests));
        var user = await factory.RegisterAsync();
        var account = new AccountUser(user.Id, user.Email, user.DisplayName, IsAdmin: false);
        var issuer = factory.Services.GetRequiredService<AccessTokenIssuer>();

        var (expired, expiredAt) = issuer.Issue(account, DateTimeOffset.UtcNow.AddHours(-1));
        Assert.True(expiredAt < DateTimeOffset.UtcNow);
        using var withExpired = factory.CreateClient(expired);
        using var response = await withExpired.GetAsync("/api/v1/auth/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("expired", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        // A token whose signature was made with another key, and no token at all.
        var parts = user.AccessToken.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{new string('A', parts[2].Length)}";
        using var withForged = factory.CreateClient(forged);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withForged.GetAsync("/api/v1/auth/me")).StatusCode);
        using var anonymous = factory.CreateClient();
        await HttpAssert.ProblemAsync(await anonymous.GetAsync("/api/v1/auth/me"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_access_token_is_taken_from_the_query_string_only_for_hubs()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(AccountTests));
        var user = await factory.RegisterAsync();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync($"/api/v1/auth/me?access_token={user.AccessToken}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_signing_key_is_kept_in_the_database_so_tokens_outlive_a_restart()
    {
        var database = await fixture.Postgres.CreateDatabaseAsync();
        TestUser user;
        await using (var first = new WebFrontFactory(database))
        {
            user = await first.RegisterAsync();
        }

        await using var restarted = new WebFrontFactory(database);
        using var client = restarted.CreateClient(user);
        var me = await HttpAssert.OkAsync<UserResponse>(await client.GetAsync("/api/v1/auth/me"));
        Assert.Equal(user.Id, me.Id);
    }
}
