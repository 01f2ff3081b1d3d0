using System.Net;
using System.Text.Json;

namespace Vibe.Silo.Tests;

/// <summary>What a started Silo serves: probes and the sample greetings API.</summary>
public sealed class RunningSiloTests(RunningSiloFixture silo) : IClassFixture<RunningSiloFixture>
{
    [Fact]
    public void Prints_the_url_it_listens_on_and_its_data_directory()
    {
        Assert.Equal($"Vibe is running at {silo.Url.ToString().TrimEnd('/')} (data: {silo.DataDirectory})", silo.Banner);
    }

    [Fact]
    public async Task Healthz_answers_ok()
    {
        using var response = await silo.Client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_is_200_with_the_silo_name_and_no_cluster_fields_once_running()
    {
        using var response = await silo.Client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("silo").GetString()));
        Assert.True(body.RootElement.GetProperty("activations").GetInt64() >= 0);
        Assert.False(body.RootElement.TryGetProperty("activeSilos", out _), "a standalone silo reports no cluster");
    }

    [Fact]
    public async Task Greeting_a_name_twice_counts_1_then_2()
    {
        var name = "ada-" + Guid.NewGuid().ToString("N")[..8];

        var first = await GreetAsync(name);
        var second = await GreetAsync(name);

        Assert.Equal((name, 1), first);
        Assert.Equal((name, 2), second);
    }

    [Fact]
    public async Task Each_name_has_its_own_count()
    {
        var alice = "alice_" + Guid.NewGuid().ToString("N")[..8];
        var bob = "bob." + Guid.NewGuid().ToString("N")[..8];

        await GreetAsync(alice);
        await GreetAsync(alice);

        Assert.Equal((bob, 1), await GreetAsync(bob));
    }

    [Fact]
    public async Task A_64_character_name_is_accepted()
    {
        var name = new string('x', 56) + Guid.NewGuid().ToString("N")[..8];

        Assert.Equal((name, 1), await GreetAsync(name));
    }

    [Theory]
    [InlineData("with%20space", "' ' at position 5")]
    [InlineData("semi;colon", "';' at position 5")]
    [InlineData("caf%C3%A9", "'é' at position 4")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "65 characters long; at most 64")]
    public async Task An_invalid_name_is_a_400_problem_saying_what_is_wrong(string escapedName, string expectedDetail)
    {
        using var response = await silo.Client.PostAsync(new Uri($"/api/v1/sample/greetings/{escapedName}", UriKind.Relative), content: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(expectedDetail, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Vibe.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        using var response = await silo.Client.GetAsync(new Uri("/api/v1/nothing-here", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<(string Name, int Count)> GreetAsync(string name)
    {
        using var response = await silo.Client.PostAsync(new Uri($"/api/v1/sample/greetings/{name}", UriKind.Relative), content: null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST greetings/{name}: {(int)response.StatusCode} {text}\nSilo output:\n{silo.Output}");
        using var body = JsonDocument.Parse(text);
        return (body.RootElement.GetProperty("name").GetString()!, body.RootElement.GetProperty("count").GetInt32());
    }
}
