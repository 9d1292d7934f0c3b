using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Formatter;

/// <summary>Fixed-header and identifier rules shared by both protocol versions.</summary>
internal static class MqttFormatterRules
{
    public static void ValidateFixedHeaderFlags(byte firstByte)
    {
        var type = MqttFrame.PacketTypeOf(firstByte);
        var flags = firstByte & 0x0F;
        switch (type)
        {
            case MqttPacketType.Publish:
                var qos = (flags >> 1) & 0x03;
                if (qos == 3)
                {
                    throw MqttProtocolException.Malformed("[MQTT-3.3.1-4]", "A PUBLISH packet must not have both QoS bits set.");
                }

                if (qos == 0 && (flags & 0x08) != 0)
                {
                    throw MqttProtocolException.Malformed("[MQTT-3.3.1-2]", "The DUP flag must be 0 for a QoS 0 PUBLISH.");
                }

                return;
            case MqttPacketType.PubRel when flags != 0x02:
                throw MqttProtocolException.Malformed("[MQTT-3.6.1-1]", "PUBREL fixed header flags must be 0010.");
            case MqttPacketType.Subscribe when flags != 0x02:
                throw MqttProtocolException.Malformed("[MQTT-3.8.1-1]", "SUBSCRIBE fixed header flags must be 0010.");
            case MqttPacketType.Unsubscribe when flags != 0x02:
                throw MqttProtocolException.Malformed("[MQTT-3.10.1-1]", "UNSUBSCRIBE fixed header flags must be 0010.");
            case MqttPacketType.PubRel or MqttPacketType.Subscribe or MqttPacketType.Unsubscribe:
                return;
            default:
                if (flags != 0)
                {
                    throw MqttProtocolException.Malformed("[MQTT-2.1.3-1]", $"{type} fixed header flags are reserved and must be 0000.");
                }

                return;
        }
    }

    public static byte FirstByte(MqttPacketType type) => type switch
    {
        MqttPacketType.PubRel or MqttPacketType.Subscribe or MqttPacketType.Unsubscribe => (byte)(((int)type << 4) | 0x02),
        _ => (byte)((int)type << 4),
    };

    public static byte PublishFirstByte(PublishPacket packet)
    {
        if (packet.QualityOfService > MqttQualityOfService.ExactlyOnce)
        {
            throw new ArgumentException("QoS must be 0, 1 or 2 [MQTT-3.3.1-4].", nameof(packet));
        }

        if (packet.Duplicate && packet.QualityOfService == MqttQualityOfService.AtMostOnce)
        {
            throw new ArgumentException("DUP must be 0 for QoS 0 [MQTT-3.3.1-2].", nameof(packet));
        }

        var flags = (packet.Duplicate ? 0x08 : 0) | ((int)packet.QualityOfService << 1) | (packet.Retain ? 0x01 : 0);
        return (byte)(0x30 | flags);
    }

    public static ushort ReadPacketIdentifier(ref MqttWireReader reader, MqttPacketType type)
    {
        var id = reader.ReadUInt16();
        if (id == 0)
        {
            throw MqttProtocolException.Malformed("[MQTT-2.2.1-3]", $"{type} must carry a non-zero Packet Identifier.");
        }

        return id;
    }

    public static void RequireIdentifier(ushort id, string what)
    {
        if (id == 0)
        {
            throw new ArgumentException($"{what} needs a non-zero Packet Identifier [MQTT-2.2.1-3].");
        }
    }

    /// <summary>Checks a SUBSCRIBE before encoding: identifier [MQTT-2.2.1-3] and at least one filter [MQTT-3.8.3-2].</summary>
    public static void CheckBeforeEncoding(SubscribePacket packet)
    {
        RequireIdentifier(packet.PacketIdentifier, "SUBSCRIBE");
        if (packet.TopicFilters.Count == 0)
        {
            throw new ArgumentException("SUBSCRIBE needs at least one topic filter [MQTT-3.8.3-2].", nameof(packet));
        }
    }

    /// <summary>Checks an UNSUBSCRIBE before encoding: identifier [MQTT-2.2.1-3] and at least one filter [MQTT-3.10.3-2].</summary>
    public static void CheckBeforeEncoding(UnsubscribePacket packet)
    {
        RequireIdentifier(packet.PacketIdentifier, "UNSUBSCRIBE");
        if (packet.TopicFilters.Count == 0)
        {
            throw new ArgumentException("UNSUBSCRIBE needs at least one topic filter [MQTT-3.10.3-2].", nameof(packet));
        }
    }

    public static string ReadPublishTopic(ref MqttWireReader reader, bool allowEmpty)
    {
        var topic = reader.ReadString();
        if (topic.Length == 0)
        {
            if (!allowEmpty)
            {
                throw new MqttProtocolException(MqttReasonCode.TopicNameInvalid, "[MQTT-4.7.3-1]", "PUBLISH topic name is empty.");
            }

            return topic;
        }

        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            throw new MqttProtocolException(MqttReasonCode.TopicNameInvalid, "[MQTT-3.3.2-2]", $"PUBLISH topic name '{topic}' contains a wildcard.");
        }

        return topic;
    }

    public static string ReadTopicFilter(ref MqttWireReader reader)
    {
        var filter = reader.ReadString();
        var problem = MqttTopic.ValidateTopicFilter(filter);
        if (problem is not null)
        {
            throw new MqttProtocolException(MqttReasonCode.TopicFilterInvalid, "MQTT 5.0 §4.7", problem);
        }

        return filter;
    }

    public static MqttQualityOfService ReadQoS(int bits, string clause, string what)
    {
        if (bits > 2)
        {
            throw MqttProtocolException.Malformed(clause, $"{what} QoS value {bits} is invalid.");
        }

        return (MqttQualityOfService)bits;
    }

    public static void ValidateConnectHeader(ref MqttWireReader reader, MqttProtocolVersion expected)
    {
        var name = reader.ReadString();
        var level = reader.ReadByte();
        if (name != "MQTT")
        {
            throw new MqttProtocolException(MqttReasonCode.UnsupportedProtocolVersion, "[MQTT-3.1.2-1]", $"Protocol name '{name}' is not 'MQTT'.");
        }

        if (level != (byte)expected)
        {
            throw new MqttProtocolException(MqttReasonCode.UnsupportedProtocolVersion, "[MQTT-3.1.2-2]", $"Protocol level {level} is not what this {expected} formatter decodes.");
        }
    }

    public static (bool HasUser, bool HasPassword, bool HasWill, MqttQualityOfService WillQoS, bool WillRetain, bool CleanStart) ReadConnectFlags(byte flags)
    {
        if ((flags & 0x01) != 0)
        {
            throw MqttProtocolException.Malformed("[MQTT-3.1.2-3]", "The CONNECT reserved flag must be 0.");
        }

        var hasWill = (flags & 0x04) != 0;
        var willQosBits = (flags >> 3) & 0x03;
        var willRetain = (flags & 0x20) != 0;
        if (!hasWill && (willQosBits != 0 || willRetain))
        {
            throw MqttProtocolException.Malformed("[MQTT-3.1.2-11]", "Will QoS and Will Retain must be 0 when the Will Flag is 0.");
        }

        var willQos = ReadQoS(willQosBits, "[MQTT-3.1.2-12]", "Will");
        return ((flags & 0x80) != 0, (flags & 0x40) != 0, hasWill, willQos, willRetain, (flags & 0x02) != 0);
    }

    public static byte ConnectFlags(ConnectPacket packet)
    {
        var flags = 0;
        if (packet.UserName is not null)
        {
            flags |= 0x80;
        }

        if (packet.Password is not null)
        {
            flags |= 0x40;
        }

        if (packet.Will is { } will)
        {
            flags |= 0x04 | ((int)will.QualityOfService << 3) | (will.Retain ? 0x20 : 0);
        }

        if (packet.CleanStart)
        {
            flags |= 0x02;
        }

        return (byte)flags;
    }

    public static byte ConnAckFlags(byte flags)
    {
        if ((flags & 0xFE) != 0)
        {
            throw MqttProtocolException.Malformed("[MQTT-3.2.2-1]", "CONNACK acknowledge flags bits 7-1 are reserved and must be 0.");
        }

        return flags;
    }
}
