using System.Net;
using System.Net.Http.Json;
using Vibe.TestSupport;

namespace Vibe.WebFront.Tests.Data;

/// <summary>The embedded default: no database configured, so the app keeps its tables in vibe.db in the data directory.</summary>
[Collection(WebFrontCollection.Name)]
public sealed class SqliteDefaultTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("vibe-webfront-sqlite-").FullName;

    [Fact]
    public async Task Without_a_database_the_app_registers_users_in_SQLite_and_keeps_them_across_restarts()
    {
        TestUser user;
        await using (var factory = new WebFrontFactory(postgresConnectionString: null, dataDirectory: _dataDirectory))
        {
            user = await factory.RegisterAsync();
            using var client = factory.CreateClient(user);
            var me = await HttpAssert.OkAsync<UserResponse>(await client.GetAsync("/api/v1/auth/me"));
            Assert.True(me.IsAdmin);
            Assert.True(File.Exists(Path.Combine(_dataDirectory, "vibe.db")));
            var team = await factory.CreateTeamAsync(user, "Local");
            Assert.Equal("owner", team.Role);
        }

        // The stopped app has let go of the data directory's lock by the time it is disposed.
        Assert.True(IsUnlocked(), "The stopped app still holds vibe.lock.");
        await using var restarted = new WebFrontFactory(postgresConnectionString: null, dataDirectory: _dataDirectory);
        var again = await restarted.LoginAsync(user.Email);
        Assert.Equal(user.Id, again.User.Id);
        using var anonymous = restarted.CreateClient();
        await HttpAssert.OkAsync<TokenResponse>(await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = user.RefreshToken }));
        using var oldToken = restarted.CreateClient(user);
        Assert.Equal(HttpStatusCode.OK, (await oldToken.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    private bool IsUnlocked()
    {
        try
        {
            using var probe = new FileStream(Path.Combine(_dataDirectory, "vibe.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
