using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vibe.WebFront.Tests.Web;

/// <summary>X-Forwarded-For counts only from the proxies in Vibe:Web:KnownProxies: through one, the audit log records the client.</summary>
[Collection(WebFrontCollection.Name)]
public sealed class ForwardedHeadersTests(WebFrontFixture fixture)
{
    private const string Proxy = "10.9.8.7";

    [Fact]
    public async Task The_audit_log_records_the_client_behind_a_listed_proxy_and_the_sender_otherwise()
    {
        await using var factory = await fixture.CreateFactoryAsync(new Dictionary<string, string?> { ["Vibe:Web:KnownProxies"] = $"{Proxy};192.168.50.0/24" });
        var admin = await RegisterFromAsync(factory, Proxy, forwardedFor: "203.0.113.5");
        await RegisterFromAsync(factory, "192.168.50.20", forwardedFor: "203.0.113.6");
        var spoofer = await RegisterFromAsync(factory, "10.1.1.1", forwardedFor: "203.0.113.7");

        using var client = factory.CreateClient(admin.AccessToken);
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/audit?action=auth.register&limit=10");
        var addresses = page.GetProperty("items").EnumerateArray().ToDictionary(e => e.GetProperty("actorId").GetGuid(), e => e.GetProperty("ip").GetString());
        Assert.Equal("203.0.113.5", addresses[admin.User.Id]);
        Assert.Contains("203.0.113.6", addresses.Values);
        Assert.Equal("10.1.1.1", addresses[spoofer.User.Id]);
    }

    [Fact]
    public async Task Without_known_proxies_no_forwarded_address_is_believed()
    {
        await using var factory = await fixture.CreateFactoryAsync();
        var user = await RegisterFromAsync(factory, "127.0.0.1", forwardedFor: "203.0.113.9");

        using var client = factory.CreateClient(user.AccessToken);
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/audit?action=auth.register&limit=10");
        Assert.Equal("127.0.0.1", Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("ip").GetString());
    }

    [Theory]
    [InlineData("proxy.example.com")]
    [InlineData("10.0.0.5;10.0.0.0/33")]
    public void A_known_proxies_entry_that_is_no_address_nor_network_is_refused(string knownProxies) =>
        Assert.Null(new Vibe.WebFront.Web.WebOptions { KnownProxies = knownProxies }.ProxyNetworks);

    private static async Task<TokenResponse> RegisterFromAsync(WebFrontFactory factory, string sender, string forwardedFor)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/register")
        {
            Content = JsonContent.Create(new { email = $"fwd-{Guid.NewGuid():N}@example.com", password = WebFrontFactory.DefaultPassword, displayName = "Forwarded" }),
        };
        request.Headers.Add(TestRemoteAddress.Header, sender);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!;
    }
}
