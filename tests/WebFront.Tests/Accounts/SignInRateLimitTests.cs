using System.Net;
using System.Net.Http.Json;

namespace Vibe.WebFront.Tests.Accounts;

[Collection(WebFrontCollection.Name)]
public sealed class SignInRateLimitTests(WebFrontFixture fixture)
{
    [Fact]
    public async Task Too_many_sign_in_requests_from_one_address_are_refused_with_429()
    {
        await using var factory = await fixture.CreateFactoryAsync(new Dictionary<string, string?>
        {
            ["Vibe:Auth:RequestsPerAddress"] = "3",
            ["Vibe:Auth:RateLimitWindow"] = "00:10:00",
        });
        using var client = factory.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = $"nobody{i}@example.com", password = "whatever it is" });
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "nobody@example.com", password = "whatever it is" });
        using var register = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = "new@example.com", password = "a long password", displayName = "New" });

        var problem = await HttpAssert.ProblemAsync(login, HttpStatusCode.TooManyRequests);
        Assert.Contains("too many sign-in or registration requests", problem.Detail, StringComparison.Ordinal);
        Assert.NotNull(login.Headers.RetryAfter);
        await HttpAssert.ProblemAsync(register, HttpStatusCode.TooManyRequests);

        // Other endpoints are not limited.
        using var setup = await client.GetAsync("/api/v1/setup");
        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
    }
}
