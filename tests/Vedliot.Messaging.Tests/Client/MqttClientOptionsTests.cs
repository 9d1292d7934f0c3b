using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Tests.Client;

public sealed class MqttClientOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        var options = new MqttClientOptions();
        options.Validate();
        Assert.Equal(1883, options.Port);
        Assert.Equal(MqttProtocolVersion.V500, options.ProtocolVersion);
        Assert.Equal(TimeSpan.FromSeconds(60), options.KeepAlive);
        Assert.True(options.Reconnect.Enabled);
    }

    public static TheoryData<string, Action<MqttClientOptions>> InvalidSettings() => new()
    {
        { "port", o => o.Port = 0 },
        { "host", o => o.Host = " " },
        { "keep alive fraction", o => o.KeepAlive = TimeSpan.FromMilliseconds(1500) },
        { "keep alive too long", o => o.KeepAlive = TimeSpan.FromSeconds(70_000) },
        { "receive maximum", o => o.ReceiveMaximum = 0 },
        { "packet size", o => o.MaximumPacketSize = 0 },
        { "will topic", o => o.Will = new MqttApplicationMessage { Topic = "a/#" } },
        { "auth data without method", o => o.AuthenticationData = new byte[1] },
        { "auth on 3.1.1", o => { o.ProtocolVersion = MqttProtocolVersion.V311; o.AuthenticationMethod = "x"; } },
        { "3.1.1 persistent session without id", o => { o.ProtocolVersion = MqttProtocolVersion.V311; o.CleanStart = false; } },
        { "reconnect multiplier", o => o.Reconnect.Multiplier = 0.5 },
        { "reconnect jitter", o => o.Reconnect.JitterFraction = 2 },
        { "reconnect maximum below initial", o => o.Reconnect.MaximumDelay = TimeSpan.FromMilliseconds(1) },
        { "connect timeout", o => o.ConnectTimeout = TimeSpan.Zero },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Invalid_settings_are_rejected_at_construction(string what, Action<MqttClientOptions> spoil)
    {
        var options = new MqttClientOptions();
        spoil(options);
        var ex = Assert.ThrowsAny<ArgumentException>(() => new MqttClient(options));
        Assert.False(string.IsNullOrEmpty(ex.Message), what);
    }

    [Fact]
    public void Back_off_grows_exponentially_up_to_the_cap()
    {
        var reconnect = new MqttReconnectOptions { InitialDelay = TimeSpan.FromSeconds(1), MaximumDelay = TimeSpan.FromSeconds(10), Multiplier = 2, JitterFraction = 0 };
        Assert.Equal([1.0, 2, 4, 8, 10, 10], Enumerable.Range(0, 6).Select(a => reconnect.GetDelay(a, 0.7).TotalSeconds));
    }

    [Fact]
    public void Jitter_scales_the_delay_within_its_fraction()
    {
        var reconnect = new MqttReconnectOptions { InitialDelay = TimeSpan.FromSeconds(4), MaximumDelay = TimeSpan.FromSeconds(4), JitterFraction = 0.5 };
        Assert.Equal(2.0, reconnect.GetDelay(0, 0).TotalSeconds);
        Assert.Equal(3.0, reconnect.GetDelay(0, 0.5).TotalSeconds);
        Assert.Equal(4.0, reconnect.GetDelay(0, 1).TotalSeconds);
    }
}
