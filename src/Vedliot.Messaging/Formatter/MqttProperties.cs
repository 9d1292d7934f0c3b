using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Formatter;

/// <summary>MQTT 5.0 property identifiers (§2.2.2.2).</summary>
internal static class MqttPropertyId
{
    public const byte PayloadFormatIndicator = 0x01;
    public const byte MessageExpiryInterval = 0x02;
    public const byte ContentType = 0x03;
    public const byte ResponseTopic = 0x08;
    public const byte CorrelationData = 0x09;
    public const byte SubscriptionIdentifier = 0x0B;
    public const byte SessionExpiryInterval = 0x11;
    public const byte AssignedClientIdentifier = 0x12;
    public const byte ServerKeepAlive = 0x13;
    public const byte AuthenticationMethod = 0x15;
    public const byte AuthenticationData = 0x16;
    public const byte RequestProblemInformation = 0x17;
    public const byte WillDelayInterval = 0x18;
    public const byte RequestResponseInformation = 0x19;
    public const byte ResponseInformation = 0x1A;
    public const byte ServerReference = 0x1C;
    public const byte ReasonString = 0x1F;
    public const byte ReceiveMaximum = 0x21;
    public const byte TopicAliasMaximum = 0x22;
    public const byte TopicAlias = 0x23;
    public const byte MaximumQoS = 0x24;
    public const byte RetainAvailable = 0x25;
    public const byte UserProperty = 0x26;
    public const byte MaximumPacketSize = 0x27;
    public const byte WildcardSubscriptionAvailable = 0x28;
    public const byte SubscriptionIdentifierAvailable = 0x29;
    public const byte SharedSubscriptionAvailable = 0x2A;
}

/// <summary>The properties decoded from one property block, with strict checks (MQTT 5.0 §2.2.2).</summary>
internal struct MqttProperties
{
    private const ulong MessageProps = (1UL << MqttPropertyId.PayloadFormatIndicator) | (1UL << MqttPropertyId.MessageExpiryInterval)
        | (1UL << MqttPropertyId.ContentType) | (1UL << MqttPropertyId.ResponseTopic) | (1UL << MqttPropertyId.CorrelationData);

    private const ulong Reason = (1UL << MqttPropertyId.ReasonString) | (1UL << MqttPropertyId.UserProperty);

    private const ulong Auth = (1UL << MqttPropertyId.AuthenticationMethod) | (1UL << MqttPropertyId.AuthenticationData);

    // Index: packet type (0 = will properties). Which identifiers each property block may hold.
    private static readonly ulong[] Allowed =
    [
        /* will */ MessageProps | (1UL << MqttPropertyId.WillDelayInterval) | (1UL << MqttPropertyId.UserProperty),
        /* CONNECT */ (1UL << MqttPropertyId.SessionExpiryInterval) | (1UL << MqttPropertyId.ReceiveMaximum) | (1UL << MqttPropertyId.MaximumPacketSize)
            | (1UL << MqttPropertyId.TopicAliasMaximum) | (1UL << MqttPropertyId.RequestResponseInformation) | (1UL << MqttPropertyId.RequestProblemInformation)
            | (1UL << MqttPropertyId.UserProperty) | Auth,
        /* CONNACK */ (1UL << MqttPropertyId.SessionExpiryInterval) | (1UL << MqttPropertyId.ReceiveMaximum) | (1UL << MqttPropertyId.MaximumQoS)
            | (1UL << MqttPropertyId.RetainAvailable) | (1UL << MqttPropertyId.MaximumPacketSize) | (1UL << MqttPropertyId.AssignedClientIdentifier)
            | (1UL << MqttPropertyId.TopicAliasMaximum) | (1UL << MqttPropertyId.WildcardSubscriptionAvailable) | (1UL << MqttPropertyId.SubscriptionIdentifierAvailable)
            | (1UL << MqttPropertyId.SharedSubscriptionAvailable) | (1UL << MqttPropertyId.ServerKeepAlive) | (1UL << MqttPropertyId.ResponseInformation)
            | (1UL << MqttPropertyId.ServerReference) | Auth | Reason,
        /* PUBLISH */ MessageProps | (1UL << MqttPropertyId.TopicAlias) | (1UL << MqttPropertyId.SubscriptionIdentifier) | (1UL << MqttPropertyId.UserProperty),
        /* PUBACK */ Reason,
        /* PUBREC */ Reason,
        /* PUBREL */ Reason,
        /* PUBCOMP */ Reason,
        /* SUBSCRIBE */ (1UL << MqttPropertyId.SubscriptionIdentifier) | (1UL << MqttPropertyId.UserProperty),
        /* SUBACK */ Reason,
        /* UNSUBSCRIBE */ 1UL << MqttPropertyId.UserProperty,
        /* UNSUBACK */ Reason,
        /* PINGREQ */ 0,
        /* PINGRESP */ 0,
        /* DISCONNECT */ (1UL << MqttPropertyId.SessionExpiryInterval) | (1UL << MqttPropertyId.ServerReference) | Reason,
        /* AUTH */ Auth | Reason,
    ];

    public MqttPayloadFormat PayloadFormat;
    public uint? MessageExpiryInterval;
    public string? ContentType;
    public string? ResponseTopic;
    public ReadOnlyMemory<byte>? CorrelationData;
    public List<uint>? SubscriptionIdentifiers;
    public uint? SessionExpiryInterval;
    public string? AssignedClientIdentifier;
    public ushort? ServerKeepAlive;
    public string? AuthenticationMethod;
    public ReadOnlyMemory<byte>? AuthenticationData;
    public bool? RequestProblemInformation;
    public uint? WillDelayInterval;
    public bool? RequestResponseInformation;
    public string? ResponseInformation;
    public string? ServerReference;
    public string? ReasonString;
    public ushort? ReceiveMaximum;
    public ushort? TopicAliasMaximum;
    public ushort? TopicAlias;
    public MqttQualityOfService? MaximumQoS;
    public bool? RetainAvailable;
    public List<MqttUserProperty>? UserProperties;
    public uint? MaximumPacketSize;
    public bool? WildcardSubscriptionAvailable;
    public bool? SubscriptionIdentifierAvailable;
    public bool? SharedSubscriptionAvailable;

    public readonly IReadOnlyList<MqttUserProperty> UserPropertiesOrEmpty => UserProperties is null ? [] : UserProperties;

    public readonly IReadOnlyList<uint> SubscriptionIdentifiersOrEmpty => SubscriptionIdentifiers is null ? [] : SubscriptionIdentifiers;

    /// <summary>Reads a property block (length + properties) for the given context (packet type, or 0 for will properties).</summary>
    public static MqttProperties Read(ref MqttWireReader reader, int context)
    {
        var length = reader.ReadVariableByteInteger();
        if (length > reader.Remaining)
        {
            throw MqttProtocolException.Malformed("MQTT 5.0 §2.2.2.1", $"Property Length {length} exceeds the {reader.Remaining} byte(s) left in the packet.");
        }

        var end = reader.Position + (int)length;
        var props = default(MqttProperties);
        ulong seen = 0;
        var what = context == 0 ? "Will" : ((MqttPacketType)context).ToString();
        while (reader.Position < end)
        {
            var id = reader.ReadVariableByteInteger();
            if (id >= 64 || (Allowed[context] & (1UL << (int)id)) == 0)
            {
                throw MqttProtocolException.Malformed("MQTT 5.0 §2.2.2.2", $"Property identifier 0x{id:X2} is not valid in {what} properties.");
            }

            var bit = 1UL << (int)id;
            var repeatable = id == MqttPropertyId.UserProperty || (id == MqttPropertyId.SubscriptionIdentifier && context == (int)MqttPacketType.Publish);
            if ((seen & bit) != 0 && !repeatable)
            {
                throw MqttProtocolException.Protocol("MQTT 5.0 §2.2.2.2", $"Property 0x{id:X2} appears more than once in {what} properties.");
            }

            seen |= bit;
            props.ReadOne(ref reader, (byte)id, what);
            if (reader.Position > end)
            {
                throw MqttProtocolException.Malformed("MQTT 5.0 §2.2.2.1", "A property runs past the Property Length.");
            }
        }

        return props;
    }

    private void ReadOne(ref MqttWireReader reader, byte id, string what)
    {
        switch (id)
        {
            case MqttPropertyId.PayloadFormatIndicator:
                var format = reader.ReadByte();
                PayloadFormat = format <= 1 ? (MqttPayloadFormat)format
                    : throw MqttProtocolException.Protocol("MQTT 5.0 §3.3.2.3.2", $"Payload Format Indicator {format} is invalid.");
                break;
            case MqttPropertyId.MessageExpiryInterval: MessageExpiryInterval = reader.ReadUInt32(); break;
            case MqttPropertyId.ContentType: ContentType = reader.ReadString(); break;
            case MqttPropertyId.ResponseTopic:
                var responseTopic = reader.ReadString();
                if (MqttTopic.ValidateTopicName(responseTopic) is { } problem)
                {
                    throw MqttProtocolException.Protocol("[MQTT-3.3.2-14]", "Response Topic is not a valid topic name: " + problem);
                }

                ResponseTopic = responseTopic;
                break;
            case MqttPropertyId.CorrelationData: CorrelationData = reader.ReadBinary(); break;
            case MqttPropertyId.SubscriptionIdentifier:
                var subId = reader.ReadVariableByteInteger();
                if (subId == 0)
                {
                    throw MqttProtocolException.Protocol("MQTT 5.0 §3.3.2.3.8", "Subscription Identifier 0 is not allowed.");
                }

                (SubscriptionIdentifiers ??= []).Add(subId);
                break;
            case MqttPropertyId.SessionExpiryInterval: SessionExpiryInterval = reader.ReadUInt32(); break;
            case MqttPropertyId.AssignedClientIdentifier: AssignedClientIdentifier = reader.ReadString(); break;
            case MqttPropertyId.ServerKeepAlive: ServerKeepAlive = reader.ReadUInt16(); break;
            case MqttPropertyId.AuthenticationMethod: AuthenticationMethod = reader.ReadString(); break;
            case MqttPropertyId.AuthenticationData: AuthenticationData = reader.ReadBinary(); break;
            case MqttPropertyId.RequestProblemInformation: RequestProblemInformation = ReadBoolean(ref reader, "Request Problem Information", what); break;
            case MqttPropertyId.WillDelayInterval: WillDelayInterval = reader.ReadUInt32(); break;
            case MqttPropertyId.RequestResponseInformation: RequestResponseInformation = ReadBoolean(ref reader, "Request Response Information", what); break;
            case MqttPropertyId.ResponseInformation: ResponseInformation = reader.ReadString(); break;
            case MqttPropertyId.ServerReference: ServerReference = reader.ReadString(); break;
            case MqttPropertyId.ReasonString: ReasonString = reader.ReadString(); break;
            case MqttPropertyId.ReceiveMaximum:
                ReceiveMaximum = NonZero(reader.ReadUInt16(), "Receive Maximum", "MQTT 5.0 §3.2.2.3.3");
                break;
            case MqttPropertyId.TopicAliasMaximum: TopicAliasMaximum = reader.ReadUInt16(); break;
            case MqttPropertyId.TopicAlias:
                TopicAlias = reader.ReadUInt16();
                if (TopicAlias == 0)
                {
                    throw new MqttProtocolException(MqttReasonCode.TopicAliasInvalid, "MQTT 5.0 §3.3.2.3.4", "Topic Alias 0 is not permitted.");
                }

                break;
            case MqttPropertyId.MaximumQoS:
                var maxQos = reader.ReadByte();
                MaximumQoS = maxQos <= 1 ? (MqttQualityOfService)maxQos
                    : throw MqttProtocolException.Protocol("MQTT 5.0 §3.2.2.3.4", $"Maximum QoS {maxQos} is invalid (only 0 or 1 may be sent).");
                break;
            case MqttPropertyId.RetainAvailable: RetainAvailable = ReadBoolean(ref reader, "Retain Available", what); break;
            case MqttPropertyId.UserProperty:
                var name = reader.ReadString();
                var value = reader.ReadString();
                (UserProperties ??= []).Add(new MqttUserProperty(name, value));
                break;
            case MqttPropertyId.MaximumPacketSize:
                var max = reader.ReadUInt32();
                MaximumPacketSize = max != 0 ? max : throw MqttProtocolException.Protocol("MQTT 5.0 §3.2.2.3.6", "Maximum Packet Size 0 is not permitted.");
                break;
            case MqttPropertyId.WildcardSubscriptionAvailable: WildcardSubscriptionAvailable = ReadBoolean(ref reader, "Wildcard Subscription Available", what); break;
            case MqttPropertyId.SubscriptionIdentifierAvailable: SubscriptionIdentifierAvailable = ReadBoolean(ref reader, "Subscription Identifiers Available", what); break;
            case MqttPropertyId.SharedSubscriptionAvailable: SharedSubscriptionAvailable = ReadBoolean(ref reader, "Shared Subscription Available", what); break;
            default:
                throw MqttProtocolException.Malformed("MQTT 5.0 §2.2.2.2", $"Unknown property identifier 0x{id:X2}.");
        }
    }

    private static bool ReadBoolean(ref MqttWireReader reader, string name, string what)
    {
        var value = reader.ReadByte();
        return value switch
        {
            0 => false,
            1 => true,
            _ => throw MqttProtocolException.Protocol("MQTT 5.0 §2.2.2.2", $"{name} in {what} must be 0 or 1, was {value}."),
        };
    }

    private static ushort NonZero(ushort value, string name, string clause) =>
        value != 0 ? value : throw MqttProtocolException.Protocol(clause, $"{name} 0 is not permitted.");
}

/// <summary>Which reason codes each packet type may carry (MQTT 5.0 §2.4 and per-packet tables).</summary>
internal static class MqttReasonCodes
{
    private static readonly byte[] ConnAck = [0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8C, 0x90, 0x95, 0x97, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9F];
    private static readonly byte[] PubAckRec = [0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99];
    private static readonly byte[] PubRelComp = [0x00, 0x92];
    private static readonly byte[] SubAck = [0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8F, 0x91, 0x97, 0x9E, 0xA1, 0xA2];
    private static readonly byte[] UnsubAck = [0x00, 0x11, 0x80, 0x83, 0x87, 0x8F, 0x91];
    private static readonly byte[] Disconnect = [0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8B, 0x8D, 0x8E, 0x8F, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2];
    private static readonly byte[] Auth = [0x00, 0x18, 0x19];

    public static MqttReasonCode Check(byte value, MqttPacketType type)
    {
        var (allowed, clause) = type switch
        {
            MqttPacketType.ConnAck => (ConnAck, "MQTT 5.0 §3.2.2.2"),
            MqttPacketType.PubAck => (PubAckRec, "MQTT 5.0 §3.4.2.1"),
            MqttPacketType.PubRec => (PubAckRec, "MQTT 5.0 §3.5.2.1"),
            MqttPacketType.PubRel => (PubRelComp, "MQTT 5.0 §3.6.2.1"),
            MqttPacketType.PubComp => (PubRelComp, "MQTT 5.0 §3.7.2.1"),
            MqttPacketType.SubAck => (SubAck, "MQTT 5.0 §3.9.3"),
            MqttPacketType.UnsubAck => (UnsubAck, "MQTT 5.0 §3.11.3"),
            MqttPacketType.Disconnect => (Disconnect, "MQTT 5.0 §3.14.2.1"),
            MqttPacketType.Auth => (Auth, "MQTT 5.0 §3.15.2.1"),
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
        if (Array.IndexOf(allowed, value) < 0)
        {
            throw MqttProtocolException.Malformed(clause, $"Reason code 0x{value:X2} is not valid in {type}.");
        }

        return (MqttReasonCode)value;
    }
}
