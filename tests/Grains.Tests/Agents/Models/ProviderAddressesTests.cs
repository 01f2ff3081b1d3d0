using System.Net;
using Vibe.Grains.Agents.Models;

namespace Vibe.Grains.Tests.Agents.Models;

/// <summary>Which addresses a team's provider endpoint may reach: public unicast only, however the address is written.</summary>
public sealed class ProviderAddressesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("0.0.0.0")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("192.0.0.8")]
    [InlineData("198.18.0.1")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fec0::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("2001:db8::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::127.0.0.1")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("64:ff9b::a00:1")]
    public void Loopback_private_link_local_and_reserved_addresses_are_not_public(string address) =>
        Assert.False(ProviderAddresses.IsPublic(IPAddress.Parse(address)), $"{address} counted as public");

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("2002:808:808::1")]
    public void Public_unicast_addresses_are_public(string address) =>
        Assert.True(ProviderAddresses.IsPublic(IPAddress.Parse(address)), $"{address} counted as not public");

    [Fact]
    public void The_hosts_own_addresses_are_recognised()
    {
        Assert.True(ProviderAddresses.IsOwnAddress(IPAddress.Loopback));
        Assert.False(ProviderAddresses.IsOwnAddress(IPAddress.Parse("203.0.113.77")));
    }
}
