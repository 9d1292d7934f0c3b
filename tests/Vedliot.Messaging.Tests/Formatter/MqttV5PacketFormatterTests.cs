using Vedliot.Messaging.Formatter;
using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Tests.Formatter;

public sealed class MqttV5PacketFormatterTests
{
    private readonly MqttV5PacketFormatter _formatter = new();

    [Fact]
    public void Publish_fields_and_properties_are_decoded()
    {
        var original = (PublishPacket)PacketSamples.AllV5().First(p => p is PublishPacket);
        var decoded = (PublishPacket)PacketSamples.Decode(_formatter, PacketSamples.Encode(_formatter, original));
        Assert.Equal("a/b/c", decoded.Topic);
        Assert.Equal(original.Payload.ToArray(), decoded.Payload.ToArray());
        Assert.Equal(MqttQualityOfService.ExactlyOnce, decoded.QualityOfService);
        Assert.True(decoded.Retain);
        Assert.True(decoded.Duplicate);
        Assert.Equal(65535, decoded.PacketIdentifier);
        Assert.Equal(MqttPayloadFormat.Utf8, decoded.PayloadFormat);
        Assert.Equal(99u, decoded.MessageExpiryIntervalSeconds);
        Assert.Equal(3, decoded.TopicAlias);
        Assert.Equal("r/t", decoded.ResponseTopic);
        Assert.Equal([7], decoded.CorrelationData!.Value.ToArray());
        Assert.Equal([1u, 268_435_455u], decoded.SubscriptionIdentifiers);
        Assert.Equal("application/octet-stream", decoded.ContentType);
        Assert.Equal(original.UserProperties, decoded.UserProperties);
    }

    [Fact]
    public void Decoded_publish_payload_is_a_slice_of_the_received_buffer()
    {
        var bytes = PacketSamples.Encode(_formatter, new PublishPacket { Topic = "t", Payload = new byte[] { 1, 2, 3, 4 } });
        MqttFrame.TryReadHeader(bytes, out var first, out _, out var headerLength);
        var body = bytes.AsMemory(headerLength);
        var packet = (PublishPacket)_formatter.Decode(first, body);
        bytes[^1] = 99;
        Assert.Equal(99, packet.Payload.Span[^1]);
    }

    [Fact]
    public void Short_acknowledgement_forms_are_accepted()
    {
        Assert.Equal(MqttReasonCode.Success, ((PubAckPacket)_formatter.Decode(0x40, new byte[] { 0, 1 })).ReasonCode);
        Assert.Equal(MqttReasonCode.NoMatchingSubscribers, ((PubAckPacket)_formatter.Decode(0x40, new byte[] { 0, 1, 0x10 })).ReasonCode);
        Assert.Equal(MqttReasonCode.Success, ((DisconnectPacket)_formatter.Decode(0xE0, Array.Empty<byte>())).ReasonCode);
        Assert.Equal(MqttReasonCode.Success, ((AuthPacket)_formatter.Decode(0xF0, Array.Empty<byte>())).ReasonCode);
    }

    public static TheoryData<string, byte, byte[], MqttReasonCode, string> Violations() => new()
    {
        { "QoS 3 publish", 0x36, [0, 1, (byte)'t', 0, 1, 0], MqttReasonCode.MalformedPacket, "[MQTT-3.3.1-4]" },
        { "DUP on QoS 0", 0x38, [0, 1, (byte)'t', 0], MqttReasonCode.MalformedPacket, "[MQTT-3.3.1-2]" },
        { "PUBREL flags", 0x60, [0, 1], MqttReasonCode.MalformedPacket, "[MQTT-3.6.1-1]" },
        { "SUBSCRIBE flags", 0x80, [0, 1, 0, 0, 1, (byte)'a', 0], MqttReasonCode.MalformedPacket, "[MQTT-3.8.1-1]" },
        { "UNSUBSCRIBE flags", 0xA0, [0, 1, 0, 0, 1, (byte)'a'], MqttReasonCode.MalformedPacket, "[MQTT-3.10.1-1]" },
        { "PINGRESP flags", 0xD1, [], MqttReasonCode.MalformedPacket, "[MQTT-2.1.3-1]" },
        { "wildcard in topic name", 0x30, [0, 3, (byte)'a', (byte)'/', (byte)'#', 0], MqttReasonCode.TopicNameInvalid, "[MQTT-3.3.2-2]" },
        { "null character", 0x30, [0, 2, (byte)'a', 0, 0], MqttReasonCode.MalformedPacket, "[MQTT-1.5.4-2]" },
        { "ill-formed UTF-8", 0x30, [0, 2, 0xC3, 0x28, 0], MqttReasonCode.MalformedPacket, "[MQTT-1.5.4-1]" },
        { "UTF-16 surrogate encoded in UTF-8", 0x30, [0, 3, 0xED, 0xA0, 0x80, 0], MqttReasonCode.MalformedPacket, "[MQTT-1.5.4-1]" },
        { "zero packet identifier", 0x32, [0, 1, (byte)'t', 0, 0, 0], MqttReasonCode.MalformedPacket, "[MQTT-2.2.1-3]" },
        { "no topic and no alias", 0x30, [0, 0, 0], MqttReasonCode.ProtocolError, "[MQTT-3.3.2-1]" },
        { "topic alias zero", 0x30, [0, 1, (byte)'t', 3, 0x23, 0, 0], MqttReasonCode.TopicAliasInvalid, "§3.3.2.3.4" },
        { "property not allowed in PUBLISH", 0x30, [0, 1, (byte)'t', 5, 0x11, 0, 0, 0, 1], MqttReasonCode.MalformedPacket, "§2.2.2.2" },
        { "property repeated", 0x30, [0, 1, (byte)'t', 4, 0x01, 0, 0x01, 1], MqttReasonCode.ProtocolError, "§2.2.2.2" },
        { "payload format 2", 0x30, [0, 1, (byte)'t', 2, 0x01, 2], MqttReasonCode.ProtocolError, "§3.3.2.3.2" },
        { "property length past end", 0x30, [0, 1, (byte)'t', 9, 0x01, 1], MqttReasonCode.MalformedPacket, "§2.2.2.1" },
        { "truncated string", 0x30, [0, 9, (byte)'t'], MqttReasonCode.MalformedPacket, "§2.1.4" },
        { "overlong property length", 0x30, [0, 1, (byte)'t', 0x80, 0x00], MqttReasonCode.MalformedPacket, "[MQTT-1.5.5-1]" },
        { "trailing bytes after PUBACK", 0x40, [0, 1, 0, 0, 5], MqttReasonCode.MalformedPacket, "§2.1.4" },
        { "invalid PUBACK reason", 0x40, [0, 1, 0x05], MqttReasonCode.MalformedPacket, "§3.4.2.1" },
        { "CONNACK reserved flags", 0x20, [2, 0], MqttReasonCode.MalformedPacket, "[MQTT-3.2.2-1]" },
        { "session present with failure", 0x20, [1, 0x86, 0], MqttReasonCode.ProtocolError, "[MQTT-3.2.2-6]" },
        { "receive maximum zero", 0x20, [0, 0, 3, 0x21, 0, 0], MqttReasonCode.ProtocolError, "§3.2.2.3.3" },
        { "maximum QoS 2", 0x20, [0, 0, 2, 0x24, 2], MqttReasonCode.ProtocolError, "§3.2.2.3.4" },
        { "boolean property 2", 0x20, [0, 0, 2, 0x25, 2], MqttReasonCode.ProtocolError, "§2.2.2.2" },
        { "maximum packet size zero", 0x20, [0, 0, 5, 0x27, 0, 0, 0, 0], MqttReasonCode.ProtocolError, "§3.2.2.3.6" },
        { "subscription identifier zero", 0x30, [0, 1, (byte)'t', 2, 0x0B, 0], MqttReasonCode.ProtocolError, "§3.3.2.3.8" },
        { "SUBSCRIBE without filters", 0x82, [0, 1, 0], MqttReasonCode.ProtocolError, "[MQTT-3.8.3-2]" },
        { "subscription options reserved bits", 0x82, [0, 1, 0, 0, 1, (byte)'a', 0xC0], MqttReasonCode.MalformedPacket, "[MQTT-3.8.3-5]" },
        { "retain handling 3", 0x82, [0, 1, 0, 0, 1, (byte)'a', 0x30], MqttReasonCode.ProtocolError, "§3.8.3.1" },
        { "no local on shared subscription", 0x82, [0, 1, 0, 0, 9, .. "$share/g/"u8.ToArray(), 0x04], MqttReasonCode.TopicFilterInvalid, "§4.7" },
        { "'#' not last", 0x82, [0, 1, 0, 0, 3, (byte)'#', (byte)'/', (byte)'a', 0], MqttReasonCode.TopicFilterInvalid, "§4.7" },
        { "UNSUBSCRIBE without filters", 0xA2, [0, 1, 0], MqttReasonCode.ProtocolError, "[MQTT-3.10.3-2]" },
        { "SUBACK without reason codes", 0x90, [0, 1, 0], MqttReasonCode.ProtocolError, "§3.9.3" },
        { "invalid DISCONNECT reason", 0xE0, [0x03], MqttReasonCode.MalformedPacket, "§3.14.2.1" },
        { "invalid AUTH reason", 0xF0, [0x01, 0], MqttReasonCode.MalformedPacket, "§3.15.2.1" },
        { "CONNECT protocol name", 0x10, [0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'X', 5, 0, 0, 0, 0, 0, 0], MqttReasonCode.UnsupportedProtocolVersion, "[MQTT-3.1.2-1]" },
        { "CONNECT reserved flag", 0x10, [0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 5, 1, 0, 0, 0, 0, 0], MqttReasonCode.MalformedPacket, "[MQTT-3.1.2-3]" },
        { "will QoS without will", 0x10, [0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 5, 0x08, 0, 0, 0, 0, 0], MqttReasonCode.MalformedPacket, "[MQTT-3.1.2-11]" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void Protocol_violations_are_rejected_with_reason_code_and_clause(string what, byte firstByte, byte[] body, MqttReasonCode reason, string clause)
    {
        var ex = Assert.Throws<MqttProtocolException>(() => _formatter.Decode(firstByte, body));
        Assert.True(reason == ex.ReasonCode, $"{what}: expected {reason}, got {ex.ReasonCode} ({ex.Message})");
        Assert.Contains(clause, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encoding_refuses_packets_the_protocol_forbids()
    {
        Assert.Throws<ArgumentException>(() => PacketSamples.Encode(_formatter, new PublishPacket { Topic = "t", QualityOfService = MqttQualityOfService.AtLeastOnce }));
        Assert.Throws<ArgumentException>(() => PacketSamples.Encode(_formatter, new PublishPacket { Topic = "t", Duplicate = true }));
        Assert.Throws<ArgumentException>(() => PacketSamples.Encode(_formatter, new PublishPacket()));
        Assert.Throws<ArgumentException>(() => PacketSamples.Encode(_formatter, new SubscribePacket { PacketIdentifier = 1 }));
        Assert.Throws<ArgumentException>(() => PacketSamples.Encode(_formatter, new PublishPacket { Topic = new string('a', 70_000) }));
    }
}
