using Vedliot.Messaging.Formatter;
using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Tests.Formatter;

public sealed class MqttV311PacketFormatterTests
{
    private readonly MqttV311PacketFormatter _formatter = new();

    [Fact]
    public void Connect_matches_the_bytes_in_the_3_1_1_specification_layout()
    {
        var bytes = PacketSamples.Encode(_formatter, new ConnectPacket { ProtocolVersion = MqttProtocolVersion.V311, ClientId = "id", CleanStart = true, KeepAliveSeconds = 10 });
        Assert.Equal(new byte[] { 0x10, 14, 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, 0x02, 0, 10, 0, 2, (byte)'i', (byte)'d' }, bytes);
    }

    [Fact]
    public void Connack_return_codes_map_to_reason_codes()
    {
        Assert.Equal(MqttReasonCode.BadUserNameOrPassword, ((ConnAckPacket)_formatter.Decode(0x20, new byte[] { 0, 4 })).ReasonCode);
        Assert.Equal(MqttReasonCode.NotAuthorized, ((ConnAckPacket)_formatter.Decode(0x20, new byte[] { 0, 5 })).ReasonCode);
        Assert.Throws<MqttProtocolException>(() => _formatter.Decode(0x20, new byte[] { 0, 6 }));
    }

    [Fact]
    public void Version_5_only_data_is_refused_or_rejected()
    {
        Assert.Throws<MqttProtocolException>(() => _formatter.Decode(0xF0, Array.Empty<byte>()));
        Assert.Throws<ArgumentException>(() => PacketSamples.Encode(_formatter, new AuthPacket()));
        Assert.Throws<ArgumentException>(() => PacketSamples.Encode(_formatter, new PublishPacket { TopicAlias = 1 }));
        Assert.Throws<MqttProtocolException>(() => _formatter.Decode(0x40, new byte[] { 0, 1, 0 }));
        Assert.Throws<MqttProtocolException>(() => _formatter.Decode(0x90, new byte[] { 0, 1, 0x87 }));
        Assert.Throws<MqttProtocolException>(() => _formatter.Decode(0x82, new byte[] { 0, 1, 0, 1, (byte)'a', 0x04 }));
    }

    [Fact]
    public void Password_without_user_name_is_malformed_in_3_1_1()
    {
        var body = new byte[] { 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, 0x40 | 0x02, 0, 0, 0, 0, 0, 0 };
        var ex = Assert.Throws<MqttProtocolException>(() => _formatter.Decode(0x10, body));
        Assert.Contains("[MQTT-3.1.2-22]", ex.Message, StringComparison.Ordinal);
    }
}
