using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Npgsql;
using Vibe.TestSupport;

namespace Vibe.Silo.Tests;

/// <summary>
/// The Silo's output never shows a secret from its configuration: not the database's or Redis's password, not the keys
/// and tokens of the settings WebFront shares with it, whatever the log level and whether it starts or fails to.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class LogSecretsTests(ClusterServers servers)
{
    private static readonly string DatabasePassword = Secret("pg");
    private static readonly string RedisPassword = Secret("redis");

    /// <summary>Secrets of settings the processes of an installation share; each must stay out of the logs too.</summary>
    private static readonly Dictionary<string, string> SharedSecrets = new()
    {
        ["Vibe__Agent__Provider__ApiKey"] = Secret("apikey"),
        ["Vibe__Auth__SigningKey"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(Secret("signing"))),
        ["Vibe__Secrets__KeyEncryptionKey"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(Secret("kek-32-bytes-long!"))),
        ["Vibe__Email__Password"] = Secret("smtp"),
    };

    [Theory]
    [InlineData("Text")]
    [InlineData("Json")]
    public async Task A_cluster_silo_logging_everything_at_debug_shows_no_secret(string format)
    {
        await using var redis = await RedisServer.StartAsync();
        await RequirePasswordAsync(redis.Port, RedisPassword);
        var database = await servers.Postgres.CreateDatabaseAsync();
        var environment = Environment(format, WithPassword(database), $"{redis.ConnectionString},password={RedisPassword}");

        await using var silo = SiloProcess.StartProgram(SiloProcess.TestSiloPath, environment, logFile: null, "--urls", "http://127.0.0.1:0");
        var banner = await silo.WaitUntilRunningAsync();
        var url = banner[SiloProcess.BannerPrefix.Length..].Split(' ')[0];
        using (var http = new HttpClient())
        {
            // A grain call: membership, placement and a write to PostgreSQL all log at Debug.
            using var greeted = await http.PostAsync(new Uri($"{url}/test/greetings/ada"), content: null);
            Assert.True(greeted.IsSuccessStatusCode, $"the greeting failed with {(int)greeted.StatusCode}. Output:\n{silo.Output}");
        }

        Assert.Equal(0, await silo.TerminateAsync());
        AssertNoSecret(silo.Output);
        // Debug entries were written, so whatever logs connection details at Debug was heard.
        Assert.Contains(format == "Json" ? "\"@l\":\"Debug\"" : " DBG ", silo.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_that_cannot_reach_its_database_names_it_without_the_password()
    {
        var unreachable = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = 1,
            Database = "vibe",
            Username = "vibe",
            Password = DatabasePassword,
            Timeout = 5,
        }.ConnectionString;

        await using var silo = SiloProcess.Start(Environment("Text", unreachable, redis: null), logFile: null, "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, await silo.WaitForExitAsync());
        Assert.Contains("Vibe cannot start: the cluster's PostgreSQL database 127.0.0.1:1/vibe cannot be used", silo.Output, StringComparison.Ordinal);
        AssertNoSecret(silo.Output);
    }

    [Fact]
    public async Task A_silo_that_cannot_reach_redis_names_it_without_the_password()
    {
        var database = await servers.Postgres.CreateDatabaseAsync();
        var unreachableRedis = $"127.0.0.1:1,password={RedisPassword},connectTimeout=2000";

        await using var silo = SiloProcess.Start(Environment("Text", WithPassword(database), unreachableRedis), logFile: null, "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, await silo.WaitForExitAsync());
        Assert.Contains("Vibe cannot start: ", silo.Output, StringComparison.Ordinal);
        Assert.Contains("Redis 127.0.0.1:1", silo.Output, StringComparison.Ordinal);
        AssertNoSecret(silo.Output);
    }

    private static Dictionary<string, string> Environment(string format, string connectionString, string? redis)
    {
        var environment = new Dictionary<string, string>(SharedSecrets)
        {
            ["Vibe__Cluster__ConnectionString"] = connectionString,
            ["Vibe__Cluster__SiloPort"] = "0",
            ["Vibe__Cluster__ClusterId"] = "secrets-" + Guid.NewGuid().ToString("N")[..8],
            ["Vibe__Logging__Format"] = format,
            ["Logging__LogLevel__Default"] = "Debug",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Debug",
            ["Logging__LogLevel__Orleans"] = "Debug",
        };
        if (redis is not null)
        {
            environment["Vibe__Cluster__Redis"] = redis;
        }

        return environment;
    }

    /// <summary>The connection string with a password (the private server trusts loopback, so any password signs in).</summary>
    private static string WithPassword(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Password = DatabasePassword }.ConnectionString;

    private static void AssertNoSecret(string output)
    {
        foreach (var secret in SharedSecrets.Values.Append(DatabasePassword).Append(RedisPassword))
        {
            Assert.False(output.Contains(secret, StringComparison.Ordinal), $"The output shows the secret '{secret}':\n{output}");
        }
    }

    private static string Secret(string what) => $"s3cret-{what}-{Guid.NewGuid():N}";

    /// <summary>Makes the Redis server require <paramref name="password"/> (inline command: CONFIG SET requirepass).</summary>
    private static async Task RequirePasswordAsync(int port, string password)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"CONFIG SET requirepass {password}\r\n")));
        var reply = new byte[64];
        var read = await stream.ReadAsync(reply);
        Assert.StartsWith("+OK", Encoding.ASCII.GetString(reply, 0, read), StringComparison.Ordinal);
    }
}
