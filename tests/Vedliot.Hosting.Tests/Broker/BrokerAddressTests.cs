using Vedliot.Hosting.Broker;

namespace Vedliot.Hosting.Tests.Broker;

public sealed class BrokerAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:1883", "127.0.0.1", 1883)]
    [InlineData("broker.lan:8883", "broker.lan", 8883)]
    [InlineData("[::1]:1883", "::1", 1883)]
    [InlineData("[fe80::1%2]:65535", "fe80::1%2", 65535)]
    public void Host_and_port_are_read_with_an_ipv6_address_in_brackets(string text, string host, int port)
    {
        Assert.True(BrokerAddress.TryParse(text, out var parsedHost, out var parsedPort, out var problem), problem);

        Assert.Equal(host, parsedHost);
        Assert.Equal(port, parsedPort);
        Assert.Equal(text, BrokerAddress.Format(parsedHost, parsedPort));
    }

    [Theory]
    [InlineData("localhost", "expected HOST:PORT, e.g. 127.0.0.1:1883")]
    [InlineData(":1883", "expected HOST:PORT, e.g. 127.0.0.1:1883")]
    [InlineData("::1:1883", "with an IPv6 address in brackets, e.g. [::1]:1883")]
    [InlineData("[broker.lan]:1883", "with an IPv6 address in brackets")]
    [InlineData("[127.0.0.1]:1883", "with an IPv6 address in brackets")]
    [InlineData("localhost:0", "with a port from 1 to 65535")]
    [InlineData("localhost:65536", "with a port from 1 to 65535")]
    [InlineData("localhost:+80", "with a port from 1 to 65535")]
    [InlineData("[::1]:", "with a port from 1 to 65535")]
    public void A_malformed_address_says_what_was_expected(string text, string problem)
    {
        Assert.False(BrokerAddress.TryParse(text, out _, out _, out var actual));

        Assert.Contains(problem, actual, StringComparison.Ordinal);
    }
}
