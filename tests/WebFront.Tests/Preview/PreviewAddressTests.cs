using Microsoft.AspNetCore.Http;
using Vibe.WebFront.Preview;

namespace Vibe.WebFront.Tests.Preview;

/// <summary>Which workspace port a request is for, in the host and path forms, and what the proxy strips from what it forwards.</summary>
public sealed class PreviewAddressTests
{
    private const string Domain = "preview.localhost";

    [Fact]
    public void The_host_form_names_port_and_workspace_and_the_app_sees_its_own_path()
    {
        Assert.True(PreviewAddress.TryParse(new HostString("3000-abc123.preview.localhost", 8080), "/assets/app.js", Domain, out var address));
        Assert.Equal(new PreviewAddress("abc123", 3000, PathString.Empty, "/assets/app.js"), address);
        Assert.True(address!.IsHostForm);

        Assert.True(PreviewAddress.TryParse(new HostString("8000-abc.preview.localhost"), PathString.Empty, Domain, out var root));
        Assert.Equal("/", root!.Path);
    }

    [Fact]
    public void The_path_form_keeps_its_prefix_apart()
    {
        Assert.True(PreviewAddress.TryParse(new HostString("localhost", 8080), "/preview/abc123/5173/src/main.ts", Domain, out var address));
        Assert.Equal(new PreviewAddress("abc123", 5173, "/preview/abc123/5173", "/src/main.ts"), address);
        Assert.True(PreviewAddress.TryParse(new HostString("localhost"), "/preview/abc123/5173", Domain, out var bare));
        Assert.Equal("/", bare!.Path);
    }

    [Theory]
    [InlineData("0-abc.preview.localhost", "/")]
    [InlineData("65536-abc.preview.localhost", "/")]
    [InlineData("080-abc.preview.localhost", "/")]
    [InlineData("abc.preview.localhost", "/")]
    [InlineData("3000-.preview.localhost", "/")]
    [InlineData("3000-abc.preview.localhost.evil.com", "/")]
    [InlineData("localhost", "/preview/abc")]
    [InlineData("localhost", "/preview/abc/x/")]
    [InlineData("localhost", "/preview/-bad/3000/")]
    public void Malformed_addresses_are_not_previews(string host, string path) =>
        Assert.False(PreviewAddress.TryParse(new HostString(host), path, Domain, out _));

    [Fact]
    public void Only_the_domain_and_the_prefix_are_the_previews()
    {
        Assert.True(PreviewAddress.IsPreviewRequest(new HostString("x.preview.localhost"), "/", Domain));
        Assert.True(PreviewAddress.IsPreviewRequest(new HostString("localhost"), "/preview/x", Domain));
        Assert.False(PreviewAddress.IsPreviewRequest(new HostString("localhost"), "/previews", Domain));
        Assert.False(PreviewAddress.IsPreviewRequest(new HostString("localhost"), "/api/v1/workspaces", Domain));
    }

    [Fact]
    public void Vibes_cookies_are_stripped_and_the_apps_kept() =>
        Assert.Equal("app=1; theme=dark", PreviewTransformer.WithoutVibeCookies(["vibe_refresh=secret; app=1", "vibe_preview=t; theme=dark"]));
}
