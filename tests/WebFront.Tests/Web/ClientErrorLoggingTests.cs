using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vibe.WebFront.Tests.Web;

/// <summary>Expected refusals (a wrong password, invalid fields) are logged at Information in one line, without a stack trace or the password.</summary>
[Collection(WebFrontCollection.Name)]
public sealed class ClientErrorLoggingTests(WebFrontFixture fixture)
{
    [Fact]
    public async Task A_wrong_password_and_an_invalid_registration_are_logged_at_information_without_stack_traces()
    {
        var logs = new LogCapture();
        await using var factory = await fixture.CreateFactoryAsync(services: s => s.AddSingleton<ILoggerProvider>(logs));
        var user = await factory.RegisterAsync();
        using var client = factory.CreateClient();
        const string wrongPassword = "hunter2-not-the-password";

        await HttpAssert.ProblemAsync(await client.PostAsJsonAsync("/api/v1/auth/login", new { email = user.Email, password = wrongPassword }), HttpStatusCode.Unauthorized);
        await HttpAssert.ProblemAsync(await client.PostAsJsonAsync("/api/v1/auth/register", new { email = "not-an-email", password = "short", displayName = "" }), HttpStatusCode.BadRequest);

        var refusals = logs.Entries.Where(e => e.Category == "Vibe.WebFront.Web.ClientErrorLogging").ToList();
        Assert.Contains(refusals, e => e.Message.Contains("POST /api/v1/auth/login from", StringComparison.Ordinal) && e.Message.Contains("refused with 401: The email or password is wrong.", StringComparison.Ordinal));
        Assert.Contains(refusals, e => e.Message.Contains("POST /api/v1/auth/register", StringComparison.Ordinal) && e.Message.Contains("refused with 400", StringComparison.Ordinal));
        Assert.All(refusals, e => Assert.Equal(LogLevel.Information, e.Level));
        Assert.All(refusals, e => Assert.Null(e.Exception));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning && e.Message.Contains("/api/v1/auth", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(wrongPassword, StringComparison.Ordinal));
    }
}
