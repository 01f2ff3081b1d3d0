using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Vibe.WebFront.Tests.Accounts;

/// <summary>
/// Wrong passwords slow down the address they come from and the (address, account) pair, never the account: nobody can
/// lock the admin out by guessing, and the answers are the same for emails with and without an account.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class SignInThrottleTests(WebFrontFixture fixture)
{
    private const string Attacker = "198.51.100.66";
    private const string Owner = "203.0.113.10";

    [Fact]
    public async Task Guessing_the_admins_password_slows_the_guesser_while_the_admin_signs_in_from_their_own_address()
    {
        var clock = new AdjustableTimeProvider().Stop();
        await using var factory = await fixture.CreateFactoryAsync(
            new Dictionary<string, string?> { ["Vibe:Auth:FreeFailedSignInsPerAccount"] = "3" },
            services => services.AddSingleton<TimeProvider>(clock));
        var admin = await factory.RegisterAsync();
        using var client = factory.CreateClient();

        // Three free failures and a fourth that starts the delay; then the guesser must wait, even with the right password.
        for (var i = 1; i <= 4; i++)
        {
            await HttpAssert.ProblemAsync(await LoginAsync(client, Attacker, admin.Email, $"guess {i}"), HttpStatusCode.Unauthorized);
        }

        using var slowed = await LoginAsync(client, Attacker, admin.Email, admin.Password);
        var problem = await HttpAssert.ProblemAsync(slowed, HttpStatusCode.TooManyRequests);
        Assert.Contains("too many failed sign-ins from your address", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(1, RetryAfterSeconds(slowed));

        // The admin is not locked out: from their own address the right password works at once.
        await HttpAssert.OkAsync<TokenResponse>(await LoginAsync(client, Owner, admin.Email, admin.Password));

        // Each further failure doubles the guesser's wait.
        clock.Advance(TimeSpan.FromSeconds(1));
        await HttpAssert.ProblemAsync(await LoginAsync(client, Attacker, admin.Email, "guess 5"), HttpStatusCode.Unauthorized);
        using var longer = await LoginAsync(client, Attacker, admin.Email, "guess 6");
        await HttpAssert.ProblemAsync(longer, HttpStatusCode.TooManyRequests);
        Assert.Equal(2, RetryAfterSeconds(longer));
        clock.Advance(TimeSpan.FromSeconds(2));
        await HttpAssert.OkAsync<TokenResponse>(await LoginAsync(client, Attacker, admin.Email, admin.Password));
    }

    [Fact]
    public async Task Many_failures_from_one_address_slow_it_for_every_account_but_not_other_addresses()
    {
        var clock = new AdjustableTimeProvider().Stop();
        await using var factory = await fixture.CreateFactoryAsync(
            new Dictionary<string, string?> { ["Vibe:Auth:FreeFailedSignInsPerAddress"] = "4" },
            services => services.AddSingleton<TimeProvider>(clock));
        var user = await factory.RegisterAsync();
        using var client = factory.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            await HttpAssert.ProblemAsync(await LoginAsync(client, Attacker, $"someone{i}@example.com", "a guess"), HttpStatusCode.Unauthorized);
        }

        await HttpAssert.ProblemAsync(await LoginAsync(client, Attacker, user.Email, user.Password), HttpStatusCode.TooManyRequests);
        await HttpAssert.OkAsync<TokenResponse>(await LoginAsync(client, Owner, user.Email, user.Password));
    }

    [Fact]
    public async Task An_email_without_an_account_is_throttled_exactly_like_one_with_an_account()
    {
        var clock = new AdjustableTimeProvider().Stop();
        await using var factory = await fixture.CreateFactoryAsync(
            new Dictionary<string, string?> { ["Vibe:Auth:FreeFailedSignInsPerAccount"] = "2" },
            services => services.AddSingleton<TimeProvider>(clock));
        var user = await factory.RegisterAsync();
        using var client = factory.CreateClient();

        var known = await AnswersAsync(client, "192.0.2.1", user.Email);
        var unknown = await AnswersAsync(client, "192.0.2.2", "nobody-" + Guid.NewGuid().ToString("N") + "@example.com");

        Assert.Equal(known, unknown);
        Assert.Equal([401, 401, 401, 429], known.Select(answer => answer.Status));
    }

    private static async Task<List<(int Status, string? Detail, string? RetryAfter)>> AnswersAsync(HttpClient client, string address, string email)
    {
        var answers = new List<(int, string?, string?)>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await LoginAsync(client, address, email, "not the password");
            var problem = await response.Content.ReadFromJsonAsync<ProblemResponse>();
            answers.Add(((int)response.StatusCode, problem?.Detail, response.Headers.RetryAfter?.ToString()));
        }

        return answers;
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string address, string email, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add(TestRemoteAddress.Header, address);
        return client.SendAsync(request);
    }

    private static int RetryAfterSeconds(HttpResponseMessage response) =>
        int.Parse(response.Headers.RetryAfter?.ToString() ?? "0", CultureInfo.InvariantCulture);
}
