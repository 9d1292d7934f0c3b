using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Formatter;

/// <summary>
/// Encoder and strict decoder for MQTT 3.1.1 control packets. MQTT 5.0-only fields (properties,
/// reason strings) are not sent; CONNACK and SUBACK return codes map onto <see cref="MqttReasonCode"/>.
/// Not thread-safe.
/// </summary>
public sealed class MqttV311PacketFormatter : MqttPacketFormatterBase
{
    /// <inheritdoc />
    public override MqttProtocolVersion ProtocolVersion => MqttProtocolVersion.V311;

    /// <inheritdoc />
    private protected override void WriteBody(MqttPacket packet)
    {
        switch (packet)
        {
            case PublishPacket publish:
                if (publish.Topic.Length == 0)
                {
                    throw new ArgumentException("MQTT 3.1.1 has no topic aliases: a PUBLISH needs a topic name (MQTT 3.1.1 §3.3.2.1).", nameof(packet));
                }

                Body.WriteString(publish.Topic);
                if (publish.QualityOfService != MqttQualityOfService.AtMostOnce)
                {
                    MqttFormatterRules.RequireIdentifier(publish.PacketIdentifier, "A QoS 1 or 2 PUBLISH");
                    Body.WriteUInt16(publish.PacketIdentifier);
                }

                break;
            case MqttPublishAcknowledgementPacket ack:
                MqttFormatterRules.RequireIdentifier(ack.PacketIdentifier, ack.Type.ToString());
                Body.WriteUInt16(ack.PacketIdentifier);
                break;
            case ConnectPacket connect:
                EncodeConnect(connect);
                break;
            case ConnAckPacket connAck:
                Body.WriteByte(connAck.SessionPresent ? (byte)1 : (byte)0);
                Body.WriteByte(ToReturnCode(connAck.ReasonCode));
                break;
            case SubscribePacket subscribe:
                MqttFormatterRules.CheckBeforeEncoding(subscribe);

                Body.WriteUInt16(subscribe.PacketIdentifier);
                foreach (var f in subscribe.TopicFilters)
                {
                    Body.WriteString(f.Filter);
                    Body.WriteByte((byte)f.QualityOfService);
                }

                break;
            case SubAckPacket subAck:
                Body.WriteUInt16(subAck.PacketIdentifier);
                foreach (var code in subAck.ReasonCodes)
                {
                    Body.WriteByte(code is MqttReasonCode.Success or MqttReasonCode.GrantedQoS1 or MqttReasonCode.GrantedQoS2 ? (byte)code : (byte)0x80);
                }

                break;
            case UnsubscribePacket unsubscribe:
                MqttFormatterRules.CheckBeforeEncoding(unsubscribe);

                Body.WriteUInt16(unsubscribe.PacketIdentifier);
                foreach (var f in unsubscribe.TopicFilters)
                {
                    Body.WriteString(f);
                }

                break;
            case UnsubAckPacket unsubAck:
                Body.WriteUInt16(unsubAck.PacketIdentifier);
                break;
            case PingReqPacket or PingRespPacket or DisconnectPacket:
                break;
            case AuthPacket:
                throw new ArgumentException("AUTH does not exist in MQTT 3.1.1.", nameof(packet));
            default:
                throw new ArgumentException($"Unknown packet type {packet.GetType().Name}.", nameof(packet));
        }

    }

    /// <inheritdoc />
    public override MqttPacket Decode(byte firstByte, ReadOnlyMemory<byte> body)
    {
        var type = MqttFrame.PacketTypeOf(firstByte);
        if (type == MqttPacketType.Auth)
        {
            throw MqttProtocolException.Malformed("MQTT 3.1.1 §2.2.1", "Packet type 15 is reserved in MQTT 3.1.1.");
        }

        MqttFormatterRules.ValidateFixedHeaderFlags(firstByte);
        var reader = new MqttWireReader(body);
        MqttPacket packet = type switch
        {
            MqttPacketType.Connect => DecodeConnect(ref reader),
            MqttPacketType.ConnAck => new ConnAckPacket
            {
                SessionPresent = MqttFormatterRules.ConnAckFlags(reader.ReadByte()) == 1,
                ReasonCode = FromReturnCode(reader.ReadByte()),
            },
            MqttPacketType.Publish => DecodePublish(ref reader, firstByte),
            MqttPacketType.PubAck => new PubAckPacket { PacketIdentifier = MqttFormatterRules.ReadPacketIdentifier(ref reader, type) },
            MqttPacketType.PubRec => new PubRecPacket { PacketIdentifier = MqttFormatterRules.ReadPacketIdentifier(ref reader, type) },
            MqttPacketType.PubRel => new PubRelPacket { PacketIdentifier = MqttFormatterRules.ReadPacketIdentifier(ref reader, type) },
            MqttPacketType.PubComp => new PubCompPacket { PacketIdentifier = MqttFormatterRules.ReadPacketIdentifier(ref reader, type) },
            MqttPacketType.Subscribe => DecodeSubscribe(ref reader),
            MqttPacketType.SubAck => DecodeSubAck(ref reader),
            MqttPacketType.Unsubscribe => DecodeUnsubscribe(ref reader),
            MqttPacketType.UnsubAck => new UnsubAckPacket { PacketIdentifier = MqttFormatterRules.ReadPacketIdentifier(ref reader, type) },
            MqttPacketType.PingReq => PingReqPacket.Instance,
            MqttPacketType.PingResp => PingRespPacket.Instance,
            MqttPacketType.Disconnect => new DisconnectPacket(),
            _ => throw MqttProtocolException.Malformed("MQTT 3.1.1 §2.2.1", $"Packet type {(int)type} is reserved."),
        };
        reader.EnsureEnd(type.ToString());
        return packet;
    }

    private void EncodeConnect(ConnectPacket p)
    {
        Body.WriteString("MQTT");
        Body.WriteByte(4);
        Body.WriteByte(MqttFormatterRules.ConnectFlags(p));
        Body.WriteUInt16(p.KeepAliveSeconds);
        Body.WriteString(p.ClientId);
        if (p.Will is { } will)
        {
            Body.WriteString(will.Topic);
            Body.WriteBinary(will.Payload.Span);
        }

        if (p.UserName is not null)
        {
            Body.WriteString(p.UserName);
        }
        else if (p.Password is not null)
        {
            throw new ArgumentException("MQTT 3.1.1 forbids a password without a user name [MQTT-3.1.2-22].", nameof(p));
        }

        if (p.Password is { } password)
        {
            Body.WriteBinary(password.Span);
        }
    }

    private static ConnectPacket DecodeConnect(ref MqttWireReader reader)
    {
        MqttFormatterRules.ValidateConnectHeader(ref reader, MqttProtocolVersion.V311);

        var flags = MqttFormatterRules.ReadConnectFlags(reader.ReadByte());
        if (flags.HasPassword && !flags.HasUser)
        {
            throw MqttProtocolException.Malformed("[MQTT-3.1.2-22]", "MQTT 3.1.1 forbids the Password Flag without the User Name Flag.");
        }

        var keepAlive = reader.ReadUInt16();
        var clientId = reader.ReadString();
        MqttApplicationMessage? will = null;
        if (flags.HasWill)
        {
            var topic = MqttFormatterRules.ReadPublishTopic(ref reader, allowEmpty: false);
            will = new MqttApplicationMessage { Topic = topic, Payload = reader.ReadBinary(), QualityOfService = flags.WillQoS, Retain = flags.WillRetain };
        }

        var userName = flags.HasUser ? reader.ReadString() : null;
        ReadOnlyMemory<byte>? password = flags.HasPassword ? (ReadOnlyMemory<byte>?)reader.ReadBinary() : null;
        return new ConnectPacket
        {
            ProtocolVersion = MqttProtocolVersion.V311,
            ClientId = clientId,
            CleanStart = flags.CleanStart,
            KeepAliveSeconds = keepAlive,
            UserName = userName,
            Password = password,
            Will = will,
        };
    }

    private static PublishPacket DecodePublish(ref MqttWireReader reader, byte firstByte)
    {
        var qos = (MqttQualityOfService)((firstByte >> 1) & 0x03);
        var topic = MqttFormatterRules.ReadPublishTopic(ref reader, allowEmpty: false);
        var id = qos == MqttQualityOfService.AtMostOnce ? (ushort)0 : MqttFormatterRules.ReadPacketIdentifier(ref reader, MqttPacketType.Publish);
        return new PublishPacket
        {
            Topic = topic,
            PacketIdentifier = id,
            QualityOfService = qos,
            Retain = (firstByte & 0x01) != 0,
            Duplicate = (firstByte & 0x08) != 0,
            Payload = reader.ReadBytes(reader.Remaining),
        };
    }

    private static SubscribePacket DecodeSubscribe(ref MqttWireReader reader)
    {
        var id = MqttFormatterRules.ReadPacketIdentifier(ref reader, MqttPacketType.Subscribe);
        var filters = new List<MqttTopicFilter>();
        while (reader.Remaining > 0)
        {
            var filter = MqttFormatterRules.ReadTopicFilter(ref reader);
            var options = reader.ReadByte();
            if ((options & 0xFC) != 0)
            {
                throw MqttProtocolException.Malformed("MQTT 3.1.1 [MQTT-3.8.3-4]", "Requested QoS reserved bits 7-2 must be 0.");
            }

            filters.Add(new MqttTopicFilter { Filter = filter, QualityOfService = MqttFormatterRules.ReadQoS(options, "MQTT 3.1.1 [MQTT-3.8.3-4]", "Requested") });
        }

        if (filters.Count == 0)
        {
            throw MqttProtocolException.Protocol("MQTT 3.1.1 [MQTT-3.8.3-3]", "SUBSCRIBE must contain at least one topic filter.");
        }

        return new SubscribePacket { PacketIdentifier = id, TopicFilters = filters };
    }

    private static SubAckPacket DecodeSubAck(ref MqttWireReader reader)
    {
        var id = MqttFormatterRules.ReadPacketIdentifier(ref reader, MqttPacketType.SubAck);
        if (reader.Remaining == 0)
        {
            throw MqttProtocolException.Protocol("MQTT 3.1.1 §3.9.3", "SUBACK must contain at least one return code.");
        }

        var codes = new MqttReasonCode[reader.Remaining];
        for (var i = 0; i < codes.Length; i++)
        {
            var b = reader.ReadByte();
            codes[i] = b is 0x00 or 0x01 or 0x02 or 0x80 ? (MqttReasonCode)b
                : throw MqttProtocolException.Malformed("MQTT 3.1.1 [MQTT-3.9.3-2]", $"SUBACK return code 0x{b:X2} is reserved.");
        }

        return new SubAckPacket { PacketIdentifier = id, ReasonCodes = codes };
    }

    private static UnsubscribePacket DecodeUnsubscribe(ref MqttWireReader reader)
    {
        var id = MqttFormatterRules.ReadPacketIdentifier(ref reader, MqttPacketType.Unsubscribe);
        var filters = new List<string>();
        while (reader.Remaining > 0)
        {
            filters.Add(MqttFormatterRules.ReadTopicFilter(ref reader));
        }

        if (filters.Count == 0)
        {
            throw MqttProtocolException.Protocol("MQTT 3.1.1 [MQTT-3.10.3-2]", "UNSUBSCRIBE must contain at least one topic filter.");
        }

        return new UnsubscribePacket { PacketIdentifier = id, TopicFilters = filters };
    }

    private static MqttReasonCode FromReturnCode(byte code) => code switch
    {
        0 => MqttReasonCode.Success,
        1 => MqttReasonCode.UnsupportedProtocolVersion,
        2 => MqttReasonCode.ClientIdentifierNotValid,
        3 => MqttReasonCode.ServerUnavailable,
        4 => MqttReasonCode.BadUserNameOrPassword,
        5 => MqttReasonCode.NotAuthorized,
        _ => throw MqttProtocolException.Malformed("MQTT 3.1.1 §3.2.2.3", $"CONNACK return code {code} is reserved."),
    };

    private static byte ToReturnCode(MqttReasonCode code) => code switch
    {
        MqttReasonCode.Success => 0,
        MqttReasonCode.UnsupportedProtocolVersion => 1,
        MqttReasonCode.ClientIdentifierNotValid => 2,
        MqttReasonCode.ServerUnavailable or MqttReasonCode.ServerBusy => 3,
        MqttReasonCode.BadUserNameOrPassword => 4,
        _ => 5,
    };
}
