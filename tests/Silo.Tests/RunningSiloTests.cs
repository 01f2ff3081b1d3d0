using System.Net;
using System.Text.Json;

namespace Vibe.Silo.Tests;

/// <summary>What a started Silo serves: its probes, and problem responses for anything else.</summary>
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
    public async Task An_unknown_route_is_a_404_problem()
    {
        using var response = await silo.Client.GetAsync(new Uri("/api/v1/nothing-here", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
