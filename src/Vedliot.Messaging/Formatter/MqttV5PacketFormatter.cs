using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Formatter;

/// <summary>Encoder and strict decoder for MQTT 5.0 control packets. Not thread-safe.</summary>
public sealed class MqttV5PacketFormatter : MqttPacketFormatterBase
{
    private const int WillContext = 0;

    private readonly MqttWireWriter _properties = new();

    /// <inheritdoc />
    public override MqttProtocolVersion ProtocolVersion => MqttProtocolVersion.V500;

    /// <inheritdoc />
    private protected override void WriteBody(MqttPacket packet)
    {
        switch (packet)
        {
            case PublishPacket publish:
                EncodePublish(publish);
                break;
            case MqttPublishAcknowledgementPacket ack:
                MqttFormatterRules.RequireIdentifier(ack.PacketIdentifier, ack.Type.ToString());
                Body.WriteUInt16(ack.PacketIdentifier);
                EncodeReasonAndProperties(ack.ReasonCode, ack.ReasonString, ack.UserProperties);
                break;
            case ConnectPacket connect:
                EncodeConnect(connect);
                break;
            case ConnAckPacket connAck:
                EncodeConnAck(connAck);
                break;
            case SubscribePacket subscribe:
                EncodeSubscribe(subscribe);
                break;
            case SubAckPacket subAck:
                EncodeReasonCodeList(subAck.PacketIdentifier, subAck.ReasonString, subAck.UserProperties, subAck.ReasonCodes);
                break;
            case UnsubscribePacket unsubscribe:
                EncodeUnsubscribe(unsubscribe);
                break;
            case UnsubAckPacket unsubAck:
                EncodeReasonCodeList(unsubAck.PacketIdentifier, unsubAck.ReasonString, unsubAck.UserProperties, unsubAck.ReasonCodes);
                break;
            case PingReqPacket or PingRespPacket:
                break;
            case DisconnectPacket disconnect:
                EncodeDisconnect(disconnect);
                break;
            case AuthPacket auth:
                EncodeAuth(auth);
                break;
            default:
                throw new ArgumentException($"Unknown packet type {packet.GetType().Name}.", nameof(packet));
        }

    }

    /// <inheritdoc />
    public override MqttPacket Decode(byte firstByte, ReadOnlyMemory<byte> body)
    {
        MqttFormatterRules.ValidateFixedHeaderFlags(firstByte);
        var reader = new MqttWireReader(body);
        var type = MqttFrame.PacketTypeOf(firstByte);
        MqttPacket packet = type switch
        {
            MqttPacketType.Connect => DecodeConnect(ref reader),
            MqttPacketType.ConnAck => DecodeConnAck(ref reader),
            MqttPacketType.Publish => DecodePublish(ref reader, firstByte),
            MqttPacketType.PubAck => DecodeAck(ref reader, type, static (id, rc, rs, up) => new PubAckPacket { PacketIdentifier = id, ReasonCode = rc, ReasonString = rs, UserProperties = up }),
            MqttPacketType.PubRec => DecodeAck(ref reader, type, static (id, rc, rs, up) => new PubRecPacket { PacketIdentifier = id, ReasonCode = rc, ReasonString = rs, UserProperties = up }),
            MqttPacketType.PubRel => DecodeAck(ref reader, type, static (id, rc, rs, up) => new PubRelPacket { PacketIdentifier = id, ReasonCode = rc, ReasonString = rs, UserProperties = up }),
            MqttPacketType.PubComp => DecodeAck(ref reader, type, static (id, rc, rs, up) => new PubCompPacket { PacketIdentifier = id, ReasonCode = rc, ReasonString = rs, UserProperties = up }),
            MqttPacketType.Subscribe => DecodeSubscribe(ref reader),
            MqttPacketType.SubAck => DecodeSubAck(ref reader),
            MqttPacketType.Unsubscribe => DecodeUnsubscribe(ref reader),
            MqttPacketType.UnsubAck => DecodeUnsubAck(ref reader),
            MqttPacketType.PingReq => PingReqPacket.Instance,
            MqttPacketType.PingResp => PingRespPacket.Instance,
            MqttPacketType.Disconnect => DecodeDisconnect(ref reader),
            MqttPacketType.Auth => DecodeAuth(ref reader),
            _ => throw MqttProtocolException.Malformed("MQTT 5.0 §2.1.2", $"Packet type {(int)type} is reserved."),
        };
        reader.EnsureEnd(type.ToString());
        return packet;
    }

    // ---------------------------------------------------------------- encoding

    private void EncodePublish(PublishPacket p)
    {
        if (p.Topic.Length == 0 && p.TopicAlias == 0)
        {
            throw new ArgumentException("A PUBLISH needs a topic name or a topic alias [MQTT-3.3.2-1].");
        }

        Body.WriteString(p.Topic);
        if (p.QualityOfService != MqttQualityOfService.AtMostOnce)
        {
            MqttFormatterRules.RequireIdentifier(p.PacketIdentifier, "A QoS 1 or 2 PUBLISH");
            Body.WriteUInt16(p.PacketIdentifier);
        }

        BeginProperties();
        WriteMessageProperties(p.PayloadFormat, p.MessageExpiryIntervalSeconds, p.ContentType, p.ResponseTopic, p.CorrelationData);
        if (p.TopicAlias != 0)
        {
            _properties.WriteByte(MqttPropertyId.TopicAlias);
            _properties.WriteUInt16(p.TopicAlias);
        }

        foreach (var id in p.SubscriptionIdentifiers)
        {
            _properties.WriteByte(MqttPropertyId.SubscriptionIdentifier);
            _properties.WriteVariableByteInteger(id);
        }

        WriteUserProperties(p.UserProperties);
        EndProperties();
    }

    private void EncodeConnect(ConnectPacket p)
    {
        Body.WriteString("MQTT");
        Body.WriteByte(5);
        Body.WriteByte(MqttFormatterRules.ConnectFlags(p));
        Body.WriteUInt16(p.KeepAliveSeconds);
        BeginProperties();
        WriteUInt32Property(MqttPropertyId.SessionExpiryInterval, p.SessionExpiryIntervalSeconds, 0);
        WriteOptional(MqttPropertyId.ReceiveMaximum, p.ReceiveMaximum);
        WriteOptional(MqttPropertyId.MaximumPacketSize, p.MaximumPacketSize);
        if (p.TopicAliasMaximum != 0)
        {
            _properties.WriteByte(MqttPropertyId.TopicAliasMaximum);
            _properties.WriteUInt16(p.TopicAliasMaximum);
        }

        WriteOptional(MqttPropertyId.RequestResponseInformation, p.RequestResponseInformation);
        WriteOptional(MqttPropertyId.RequestProblemInformation, p.RequestProblemInformation);
        WriteOptional(MqttPropertyId.AuthenticationMethod, p.AuthenticationMethod);
        WriteOptional(MqttPropertyId.AuthenticationData, p.AuthenticationData);
        WriteUserProperties(p.UserProperties);
        EndProperties();
        Body.WriteString(p.ClientId);
        if (p.Will is { } will)
        {
            BeginProperties();
            WriteUInt32Property(MqttPropertyId.WillDelayInterval, p.WillDelayIntervalSeconds, 0);
            WriteMessageProperties(will.PayloadFormat, will.MessageExpiryIntervalSeconds, will.ContentType, will.ResponseTopic, will.CorrelationData);
            WriteUserProperties(will.UserProperties);
            EndProperties();
            Body.WriteString(will.Topic);
            Body.WriteBinary(will.Payload.Span);
        }

        if (p.UserName is not null)
        {
            Body.WriteString(p.UserName);
        }

        if (p.Password is { } password)
        {
            Body.WriteBinary(password.Span);
        }
    }

    private void EncodeConnAck(ConnAckPacket p)
    {
        Body.WriteByte(p.SessionPresent ? (byte)1 : (byte)0);
        Body.WriteByte((byte)p.ReasonCode);
        BeginProperties();
        WriteOptional(MqttPropertyId.SessionExpiryInterval, p.SessionExpiryIntervalSeconds);
        WriteOptional(MqttPropertyId.ReceiveMaximum, p.ReceiveMaximum);
        if (p.MaximumQoS is { } maxQos)
        {
            _properties.WriteByte(MqttPropertyId.MaximumQoS);
            _properties.WriteByte((byte)maxQos);
        }

        WriteOptional(MqttPropertyId.RetainAvailable, p.RetainAvailable);
        WriteOptional(MqttPropertyId.MaximumPacketSize, p.MaximumPacketSize);
        WriteOptional(MqttPropertyId.AssignedClientIdentifier, p.AssignedClientIdentifier);
        if (p.TopicAliasMaximum != 0)
        {
            _properties.WriteByte(MqttPropertyId.TopicAliasMaximum);
            _properties.WriteUInt16(p.TopicAliasMaximum);
        }

        WriteOptional(MqttPropertyId.WildcardSubscriptionAvailable, p.WildcardSubscriptionAvailable);
        WriteOptional(MqttPropertyId.SubscriptionIdentifierAvailable, p.SubscriptionIdentifiersAvailable);
        WriteOptional(MqttPropertyId.SharedSubscriptionAvailable, p.SharedSubscriptionAvailable);
        WriteOptional(MqttPropertyId.ServerKeepAlive, p.ServerKeepAliveSeconds);
        WriteOptional(MqttPropertyId.ResponseInformation, p.ResponseInformation);
        WriteOptional(MqttPropertyId.ServerReference, p.ServerReference);
        WriteOptional(MqttPropertyId.AuthenticationMethod, p.AuthenticationMethod);
        WriteOptional(MqttPropertyId.AuthenticationData, p.AuthenticationData);
        WriteReasonAndUser(p.ReasonString, p.UserProperties);
        EndProperties();
    }

    private void EncodeSubscribe(SubscribePacket p)
    {
        MqttFormatterRules.CheckBeforeEncoding(p);

        Body.WriteUInt16(p.PacketIdentifier);
        BeginProperties();
        if (p.SubscriptionIdentifier != 0)
        {
            _properties.WriteByte(MqttPropertyId.SubscriptionIdentifier);
            _properties.WriteVariableByteInteger(p.SubscriptionIdentifier);
        }

        WriteUserProperties(p.UserProperties);
        EndProperties();
        foreach (var f in p.TopicFilters)
        {
            Body.WriteString(f.Filter);
            Body.WriteByte((byte)((int)f.QualityOfService | (f.NoLocal ? 0x04 : 0) | (f.RetainAsPublished ? 0x08 : 0) | ((int)f.RetainHandling << 4)));
        }
    }

    /// <summary>SUBACK and UNSUBACK: packet identifier, properties, one reason code per filter.</summary>
    private void EncodeReasonCodeList(ushort packetIdentifier, string? reasonString, IReadOnlyList<MqttUserProperty> userProperties, IReadOnlyList<MqttReasonCode> codes)
    {
        Body.WriteUInt16(packetIdentifier);
        BeginProperties();
        WriteReasonAndUser(reasonString, userProperties);
        EndProperties();
        foreach (var code in codes)
        {
            Body.WriteByte((byte)code);
        }
    }

    private void EncodeUnsubscribe(UnsubscribePacket p)
    {
        MqttFormatterRules.CheckBeforeEncoding(p);

        Body.WriteUInt16(p.PacketIdentifier);
        BeginProperties();
        WriteUserProperties(p.UserProperties);
        EndProperties();
        foreach (var f in p.TopicFilters)
        {
            Body.WriteString(f);
        }
    }

    private void EncodeDisconnect(DisconnectPacket p)
    {
        if (p.ReasonCode == MqttReasonCode.Success && p.SessionExpiryIntervalSeconds is null && p.ReasonString is null && p.ServerReference is null && p.UserProperties.Count == 0)
        {
            return;
        }

        Body.WriteByte((byte)p.ReasonCode);
        BeginProperties();
        WriteOptional(MqttPropertyId.SessionExpiryInterval, p.SessionExpiryIntervalSeconds);
        WriteOptional(MqttPropertyId.ServerReference, p.ServerReference);
        WriteReasonAndUser(p.ReasonString, p.UserProperties);
        EndProperties();
    }

    private void EncodeAuth(AuthPacket p)
    {
        if (p.ReasonCode == MqttReasonCode.Success && p.AuthenticationMethod is null && p.AuthenticationData is null && p.ReasonString is null && p.UserProperties.Count == 0)
        {
            return;
        }

        Body.WriteByte((byte)p.ReasonCode);
        BeginProperties();
        WriteOptional(MqttPropertyId.AuthenticationMethod, p.AuthenticationMethod);
        WriteOptional(MqttPropertyId.AuthenticationData, p.AuthenticationData);
        WriteReasonAndUser(p.ReasonString, p.UserProperties);
        EndProperties();
    }

    private void EncodeReasonAndProperties(MqttReasonCode reasonCode, string? reasonString, IReadOnlyList<MqttUserProperty> userProperties)
    {
        if (reasonString is null && userProperties.Count == 0)
        {
            if (reasonCode != MqttReasonCode.Success)
            {
                Body.WriteByte((byte)reasonCode);
            }

            return;
        }

        Body.WriteByte((byte)reasonCode);
        BeginProperties();
        WriteReasonAndUser(reasonString, userProperties);
        EndProperties();
    }

    private void BeginProperties() => _properties.Reset();

    private void EndProperties()
    {
        Body.WriteVariableByteInteger((uint)_properties.Length);
        Body.WriteBytes(_properties.WrittenSpan);
    }

    private void WriteMessageProperties(MqttPayloadFormat format, uint? expiry, string? contentType, string? responseTopic, ReadOnlyMemory<byte>? correlation)
    {
        if (format != MqttPayloadFormat.Unspecified)
        {
            _properties.WriteByte(MqttPropertyId.PayloadFormatIndicator);
            _properties.WriteByte((byte)format);
        }

        WriteOptional(MqttPropertyId.MessageExpiryInterval, expiry);
        WriteOptional(MqttPropertyId.ContentType, contentType);
        WriteOptional(MqttPropertyId.ResponseTopic, responseTopic);
        WriteOptional(MqttPropertyId.CorrelationData, correlation);
    }

    private void WriteReasonAndUser(string? reasonString, IReadOnlyList<MqttUserProperty> userProperties)
    {
        WriteOptional(MqttPropertyId.ReasonString, reasonString);
        WriteUserProperties(userProperties);
    }

    private void WriteUserProperties(IReadOnlyList<MqttUserProperty> userProperties)
    {
        foreach (var up in userProperties)
        {
            _properties.WriteByte(MqttPropertyId.UserProperty);
            _properties.WriteString(up.Name);
            _properties.WriteString(up.Value);
        }
    }

    private void WriteUInt32Property(byte id, uint value, uint omitWhen)
    {
        if (value != omitWhen)
        {
            _properties.WriteByte(id);
            _properties.WriteUInt32(value);
        }
    }

    private void WriteOptional(byte id, uint? value)
    {
        if (value is { } v)
        {
            _properties.WriteByte(id);
            _properties.WriteUInt32(v);
        }
    }

    private void WriteOptional(byte id, ushort? value)
    {
        if (value is { } v)
        {
            _properties.WriteByte(id);
            _properties.WriteUInt16(v);
        }
    }

    private void WriteOptional(byte id, bool? value)
    {
        if (value is { } v)
        {
            _properties.WriteByte(id);
            _properties.WriteByte(v ? (byte)1 : (byte)0);
        }
    }

    private void WriteOptional(byte id, string? value)
    {
        if (value is not null)
        {
            _properties.WriteByte(id);
            _properties.WriteString(value);
        }
    }

    private void WriteOptional(byte id, ReadOnlyMemory<byte>? value)
    {
        if (value is { } v)
        {
            _properties.WriteByte(id);
            _properties.WriteBinary(v.Span);
        }
    }

    // ---------------------------------------------------------------- decoding

    private static ConnectPacket DecodeConnect(ref MqttWireReader reader)
    {
        MqttFormatterRules.ValidateConnectHeader(ref reader, MqttProtocolVersion.V500);

        var flags = MqttFormatterRules.ReadConnectFlags(reader.ReadByte());
        var keepAlive = reader.ReadUInt16();
        var props = MqttProperties.Read(ref reader, (int)MqttPacketType.Connect);
        var clientId = reader.ReadString();
        MqttApplicationMessage? will = null;
        uint willDelay = 0;
        if (flags.HasWill)
        {
            var willProps = MqttProperties.Read(ref reader, WillContext);
            var topic = MqttFormatterRules.ReadPublishTopic(ref reader, allowEmpty: false);
            var payload = reader.ReadBinary();
            willDelay = willProps.WillDelayInterval ?? 0;
            will = new MqttApplicationMessage
            {
                Topic = topic,
                Payload = payload,
                QualityOfService = flags.WillQoS,
                Retain = flags.WillRetain,
                PayloadFormat = willProps.PayloadFormat,
                MessageExpiryIntervalSeconds = willProps.MessageExpiryInterval,
                ContentType = willProps.ContentType,
                ResponseTopic = willProps.ResponseTopic,
                CorrelationData = willProps.CorrelationData,
                UserProperties = willProps.UserPropertiesOrEmpty,
            };
        }

        var userName = flags.HasUser ? reader.ReadString() : null;
        ReadOnlyMemory<byte>? password = flags.HasPassword ? (ReadOnlyMemory<byte>?)reader.ReadBinary() : null;
        if (props.AuthenticationData is not null && props.AuthenticationMethod is null)
        {
            throw MqttProtocolException.Protocol("MQTT 5.0 §3.1.2.11.10", "Authentication Data without an Authentication Method.");
        }

        return new ConnectPacket
        {
            ProtocolVersion = MqttProtocolVersion.V500,
            ClientId = clientId,
            CleanStart = flags.CleanStart,
            KeepAliveSeconds = keepAlive,
            UserName = userName,
            Password = password,
            Will = will,
            WillDelayIntervalSeconds = willDelay,
            SessionExpiryIntervalSeconds = props.SessionExpiryInterval ?? 0,
            ReceiveMaximum = props.ReceiveMaximum,
            MaximumPacketSize = props.MaximumPacketSize,
            TopicAliasMaximum = props.TopicAliasMaximum ?? 0,
            RequestResponseInformation = props.RequestResponseInformation,
            RequestProblemInformation = props.RequestProblemInformation,
            AuthenticationMethod = props.AuthenticationMethod,
            AuthenticationData = props.AuthenticationData,
            UserProperties = props.UserPropertiesOrEmpty,
        };
    }

    private static ConnAckPacket DecodeConnAck(ref MqttWireReader reader)
    {
        var flags = MqttFormatterRules.ConnAckFlags(reader.ReadByte());
        var reason = MqttReasonCodes.Check(reader.ReadByte(), MqttPacketType.ConnAck);
        if (reason != MqttReasonCode.Success && flags != 0)
        {
            throw MqttProtocolException.Protocol("[MQTT-3.2.2-6]", "Session Present must be 0 when the CONNACK reason code is not Success.");
        }

        var props = reader.Remaining == 0 ? default : MqttProperties.Read(ref reader, (int)MqttPacketType.ConnAck);
        return new ConnAckPacket
        {
            SessionPresent = flags == 1,
            ReasonCode = reason,
            SessionExpiryIntervalSeconds = props.SessionExpiryInterval,
            ReceiveMaximum = props.ReceiveMaximum,
            MaximumQoS = props.MaximumQoS,
            RetainAvailable = props.RetainAvailable,
            MaximumPacketSize = props.MaximumPacketSize,
            AssignedClientIdentifier = props.AssignedClientIdentifier,
            TopicAliasMaximum = props.TopicAliasMaximum ?? 0,
            ReasonString = props.ReasonString,
            WildcardSubscriptionAvailable = props.WildcardSubscriptionAvailable,
            SubscriptionIdentifiersAvailable = props.SubscriptionIdentifierAvailable,
            SharedSubscriptionAvailable = props.SharedSubscriptionAvailable,
            ServerKeepAliveSeconds = props.ServerKeepAlive,
            ResponseInformation = props.ResponseInformation,
            ServerReference = props.ServerReference,
            AuthenticationMethod = props.AuthenticationMethod,
            AuthenticationData = props.AuthenticationData,
            UserProperties = props.UserPropertiesOrEmpty,
        };
    }

    private static PublishPacket DecodePublish(ref MqttWireReader reader, byte firstByte)
    {
        var qos = (MqttQualityOfService)((firstByte >> 1) & 0x03);
        var topic = MqttFormatterRules.ReadPublishTopic(ref reader, allowEmpty: true);
        var id = qos == MqttQualityOfService.AtMostOnce ? (ushort)0 : MqttFormatterRules.ReadPacketIdentifier(ref reader, MqttPacketType.Publish);
        var props = MqttProperties.Read(ref reader, (int)MqttPacketType.Publish);
        if (topic.Length == 0 && props.TopicAlias is null)
        {
            throw new MqttProtocolException(MqttReasonCode.ProtocolError, "[MQTT-3.3.2-1]", "PUBLISH has neither a topic name nor a topic alias.");
        }

        var payload = reader.ReadBytes(reader.Remaining);
        return new PublishPacket
        {
            Topic = topic,
            Payload = payload,
            QualityOfService = qos,
            Retain = (firstByte & 0x01) != 0,
            Duplicate = (firstByte & 0x08) != 0,
            PacketIdentifier = id,
            PayloadFormat = props.PayloadFormat,
            MessageExpiryIntervalSeconds = props.MessageExpiryInterval,
            TopicAlias = props.TopicAlias ?? 0,
            ResponseTopic = props.ResponseTopic,
            CorrelationData = props.CorrelationData,
            SubscriptionIdentifiers = props.SubscriptionIdentifiersOrEmpty,
            ContentType = props.ContentType,
            UserProperties = props.UserPropertiesOrEmpty,
        };
    }

    private static T DecodeAck<T>(ref MqttWireReader reader, MqttPacketType type, Func<ushort, MqttReasonCode, string?, IReadOnlyList<MqttUserProperty>, T> create)
        where T : MqttPublishAcknowledgementPacket
    {
        var id = MqttFormatterRules.ReadPacketIdentifier(ref reader, type);
        var props = ReadOptionalReasonAndProperties(ref reader, type, out var reason);
        return create(id, reason, props.ReasonString, props.UserPropertiesOrEmpty);
    }

    private static SubscribePacket DecodeSubscribe(ref MqttWireReader reader)
    {
        var id = MqttFormatterRules.ReadPacketIdentifier(ref reader, MqttPacketType.Subscribe);
        var props = MqttProperties.Read(ref reader, (int)MqttPacketType.Subscribe);
        var filters = new List<MqttTopicFilter>();
        while (reader.Remaining > 0)
        {
            var filter = MqttFormatterRules.ReadTopicFilter(ref reader);
            var options = reader.ReadByte();
            if ((options & 0xC0) != 0)
            {
                throw MqttProtocolException.Malformed("[MQTT-3.8.3-5]", "Subscription Options reserved bits 7-6 must be 0.");
            }

            var retainHandling = (options >> 4) & 0x03;
            if (retainHandling == 3)
            {
                throw MqttProtocolException.Protocol("MQTT 5.0 §3.8.3.1", "Retain Handling value 3 is reserved.");
            }

            var noLocal = (options & 0x04) != 0;
            if (noLocal && MqttTopic.IsShared(filter))
            {
                throw MqttProtocolException.Protocol("[MQTT-3.8.3-4]", "No Local must not be set on a shared subscription.");
            }

            filters.Add(new MqttTopicFilter
            {
                Filter = filter,
                QualityOfService = MqttFormatterRules.ReadQoS(options & 0x03, "MQTT 5.0 §3.8.3.1", "Subscription"),
                NoLocal = noLocal,
                RetainAsPublished = (options & 0x08) != 0,
                RetainHandling = (MqttRetainHandling)retainHandling,
            });
        }

        if (filters.Count == 0)
        {
            throw MqttProtocolException.Protocol("[MQTT-3.8.3-2]", "SUBSCRIBE must contain at least one topic filter.");
        }

        return new SubscribePacket
        {
            PacketIdentifier = id,
            SubscriptionIdentifier = props.SubscriptionIdentifiersOrEmpty.Count > 0 ? props.SubscriptionIdentifiersOrEmpty[0] : 0,
            TopicFilters = filters,
            UserProperties = props.UserPropertiesOrEmpty,
        };
    }

    private static SubAckPacket DecodeSubAck(ref MqttWireReader reader)
    {
        var id = MqttFormatterRules.ReadPacketIdentifier(ref reader, MqttPacketType.SubAck);
        var props = MqttProperties.Read(ref reader, (int)MqttPacketType.SubAck);
        var codes = ReadReasonCodeList(ref reader, MqttPacketType.SubAck);
        return new SubAckPacket { PacketIdentifier = id, ReasonCodes = codes, ReasonString = props.ReasonString, UserProperties = props.UserPropertiesOrEmpty };
    }

    private static UnsubscribePacket DecodeUnsubscribe(ref MqttWireReader reader)
    {
        var id = MqttFormatterRules.ReadPacketIdentifier(ref reader, MqttPacketType.Unsubscribe);
        var props = MqttProperties.Read(ref reader, (int)MqttPacketType.Unsubscribe);
        var filters = new List<string>();
        while (reader.Remaining > 0)
        {
            filters.Add(MqttFormatterRules.ReadTopicFilter(ref reader));
        }

        if (filters.Count == 0)
        {
            throw MqttProtocolException.Protocol("[MQTT-3.10.3-2]", "UNSUBSCRIBE must contain at least one topic filter.");
        }

        return new UnsubscribePacket { PacketIdentifier = id, TopicFilters = filters, UserProperties = props.UserPropertiesOrEmpty };
    }

    private static UnsubAckPacket DecodeUnsubAck(ref MqttWireReader reader)
    {
        var id = MqttFormatterRules.ReadPacketIdentifier(ref reader, MqttPacketType.UnsubAck);
        var props = MqttProperties.Read(ref reader, (int)MqttPacketType.UnsubAck);
        var codes = ReadReasonCodeList(ref reader, MqttPacketType.UnsubAck);
        return new UnsubAckPacket { PacketIdentifier = id, ReasonCodes = codes, ReasonString = props.ReasonString, UserProperties = props.UserPropertiesOrEmpty };
    }

    private static MqttReasonCode[] ReadReasonCodeList(ref MqttWireReader reader, MqttPacketType type)
    {
        if (reader.Remaining == 0)
        {
            throw MqttProtocolException.Protocol("MQTT 5.0 §3.9.3", $"{type} must contain at least one reason code.");
        }

        var codes = new MqttReasonCode[reader.Remaining];
        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = MqttReasonCodes.Check(reader.ReadByte(), type);
        }

        return codes;
    }

    /// <summary>Reads the optional reason code and property block that end an ack, DISCONNECT or AUTH (absent means Success, no properties).</summary>
    private static MqttProperties ReadOptionalReasonAndProperties(ref MqttWireReader reader, MqttPacketType type, out MqttReasonCode reason)
    {
        reason = reader.Remaining == 0 ? MqttReasonCode.Success : MqttReasonCodes.Check(reader.ReadByte(), type);
        return reader.Remaining == 0 ? default : MqttProperties.Read(ref reader, (int)type);
    }

    private static DisconnectPacket DecodeDisconnect(ref MqttWireReader reader)
    {
        var props = ReadOptionalReasonAndProperties(ref reader, MqttPacketType.Disconnect, out var reason);
        return new DisconnectPacket
        {
            ReasonCode = reason,
            SessionExpiryIntervalSeconds = props.SessionExpiryInterval,
            ReasonString = props.ReasonString,
            ServerReference = props.ServerReference,
            UserProperties = props.UserPropertiesOrEmpty,
        };
    }

    private static AuthPacket DecodeAuth(ref MqttWireReader reader)
    {
        var props = ReadOptionalReasonAndProperties(ref reader, MqttPacketType.Auth, out var reason);
        return new AuthPacket
        {
            ReasonCode = reason,
            AuthenticationMethod = props.AuthenticationMethod,
            AuthenticationData = props.AuthenticationData,
            ReasonString = props.ReasonString,
            UserProperties = props.UserPropertiesOrEmpty,
        };
    }
}
