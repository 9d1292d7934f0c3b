namespace Vedliot.Messaging.Packets;

/// <summary>Base of every MQTT control packet. Packets are plain data; encoding lives in the formatters.</summary>
public abstract class MqttPacket
{
    private protected MqttPacket()
    {
    }

    /// <summary>The control packet type.</summary>
    public abstract MqttPacketType Type { get; }
}

/// <summary>CONNECT (MQTT 5.0 §3.1).</summary>
public sealed class ConnectPacket : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.Connect;

    /// <summary>Protocol level.</summary>
    public MqttProtocolVersion ProtocolVersion { get; init; } = MqttProtocolVersion.V500;

    /// <summary>Client identifier (may be empty to ask the server to assign one).</summary>
    public string ClientId { get; init; } = string.Empty;

    /// <summary>Clean start (MQTT 5.0) / clean session (MQTT 3.1.1).</summary>
    public bool CleanStart { get; init; }

    /// <summary>Keep alive in seconds; 0 disables keep alive.</summary>
    public ushort KeepAliveSeconds { get; init; }

    /// <summary>User name, or null when absent.</summary>
    public string? UserName { get; init; }

    /// <summary>Password bytes, or null when absent.</summary>
    public ReadOnlyMemory<byte>? Password { get; init; }

    /// <summary>Will message (topic, payload, QoS, retain and its message properties), or null when absent.</summary>
    public MqttApplicationMessage? Will { get; init; }

    /// <summary>Will delay interval in seconds (MQTT 5.0 §3.1.3.2.2).</summary>
    public uint WillDelayIntervalSeconds { get; init; }

    /// <summary>Session expiry interval in seconds (MQTT 5.0).</summary>
    public uint SessionExpiryIntervalSeconds { get; init; }

    /// <summary>Receive maximum, or null when absent (default 65,535).</summary>
    public ushort? ReceiveMaximum { get; init; }

    /// <summary>Maximum packet size the client accepts, or null when absent (no limit).</summary>
    public uint? MaximumPacketSize { get; init; }

    /// <summary>Topic alias maximum the client accepts (0 = none).</summary>
    public ushort TopicAliasMaximum { get; init; }

    /// <summary>Request response information flag, or null when absent.</summary>
    public bool? RequestResponseInformation { get; init; }

    /// <summary>Request problem information flag, or null when absent.</summary>
    public bool? RequestProblemInformation { get; init; }

    /// <summary>Authentication method, or null when absent.</summary>
    public string? AuthenticationMethod { get; init; }

    /// <summary>Authentication data, or null when absent.</summary>
    public ReadOnlyMemory<byte>? AuthenticationData { get; init; }

    /// <summary>User properties.</summary>
    public IReadOnlyList<MqttUserProperty> UserProperties { get; init; } = [];
}

/// <summary>CONNACK (MQTT 5.0 §3.2).</summary>
public sealed class ConnAckPacket : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.ConnAck;

    /// <summary>Session present flag.</summary>
    public bool SessionPresent { get; init; }

    /// <summary>Connect reason code (3.1.1 return codes are mapped).</summary>
    public MqttReasonCode ReasonCode { get; init; }

    /// <summary>Session expiry interval chosen by the server, or null when absent.</summary>
    public uint? SessionExpiryIntervalSeconds { get; init; }

    /// <summary>Receive maximum of the server, or null when absent (65,535).</summary>
    public ushort? ReceiveMaximum { get; init; }

    /// <summary>Maximum QoS the server supports, or null when absent (QoS 2).</summary>
    public MqttQualityOfService? MaximumQoS { get; init; }

    /// <summary>Retain available, or null when absent (true).</summary>
    public bool? RetainAvailable { get; init; }

    /// <summary>Maximum packet size the server accepts, or null when absent.</summary>
    public uint? MaximumPacketSize { get; init; }

    /// <summary>Client identifier assigned by the server, or null.</summary>
    public string? AssignedClientIdentifier { get; init; }

    /// <summary>Topic alias maximum of the server (0 = none).</summary>
    public ushort TopicAliasMaximum { get; init; }

    /// <summary>Reason string, or null.</summary>
    public string? ReasonString { get; init; }

    /// <summary>Wildcard subscription available, or null when absent (true).</summary>
    public bool? WildcardSubscriptionAvailable { get; init; }

    /// <summary>Subscription identifiers available, or null when absent (true).</summary>
    public bool? SubscriptionIdentifiersAvailable { get; init; }

    /// <summary>Shared subscription available, or null when absent (true).</summary>
    public bool? SharedSubscriptionAvailable { get; init; }

    /// <summary>Keep alive the server requires, or null when absent.</summary>
    public ushort? ServerKeepAliveSeconds { get; init; }

    /// <summary>Response information, or null.</summary>
    public string? ResponseInformation { get; init; }

    /// <summary>Server reference, or null.</summary>
    public string? ServerReference { get; init; }

    /// <summary>Authentication method, or null.</summary>
    public string? AuthenticationMethod { get; init; }

    /// <summary>Authentication data, or null.</summary>
    public ReadOnlyMemory<byte>? AuthenticationData { get; init; }

    /// <summary>User properties.</summary>
    public IReadOnlyList<MqttUserProperty> UserProperties { get; init; } = [];
}

/// <summary>PUBLISH (MQTT 5.0 §3.3).</summary>
public sealed class PublishPacket : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.Publish;

    /// <summary>Topic name; empty when a topic alias stands for it.</summary>
    public string Topic { get; init; } = string.Empty;

    /// <summary>Application payload. For decoded packets this is a slice of the packet buffer (no copy).</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>QoS level.</summary>
    public MqttQualityOfService QualityOfService { get; init; }

    /// <summary>Retain flag.</summary>
    public bool Retain { get; init; }

    /// <summary>Duplicate delivery flag.</summary>
    public bool Duplicate { get; init; }

    /// <summary>Packet identifier (non-zero for QoS 1 and 2).</summary>
    public ushort PacketIdentifier { get; init; }

    /// <summary>Payload format indicator.</summary>
    public MqttPayloadFormat PayloadFormat { get; init; }

    /// <summary>Message expiry interval in seconds, or null when absent.</summary>
    public uint? MessageExpiryIntervalSeconds { get; init; }

    /// <summary>Topic alias, or 0 when absent.</summary>
    public ushort TopicAlias { get; init; }

    /// <summary>Response topic, or null.</summary>
    public string? ResponseTopic { get; init; }

    /// <summary>Correlation data, or null.</summary>
    public ReadOnlyMemory<byte>? CorrelationData { get; init; }

    /// <summary>Subscription identifiers (server to client only).</summary>
    public IReadOnlyList<uint> SubscriptionIdentifiers { get; init; } = [];

    /// <summary>Content type, or null.</summary>
    public string? ContentType { get; init; }

    /// <summary>User properties.</summary>
    public IReadOnlyList<MqttUserProperty> UserProperties { get; init; } = [];
}

/// <summary>Common shape of PUBACK, PUBREC, PUBREL and PUBCOMP (MQTT 5.0 §3.4–§3.7).</summary>
public abstract class MqttPublishAcknowledgementPacket : MqttPacket
{
    private protected MqttPublishAcknowledgementPacket()
    {
    }

    /// <summary>Packet identifier of the acknowledged PUBLISH.</summary>
    public ushort PacketIdentifier { get; init; }

    /// <summary>Reason code (Success when absent on the wire).</summary>
    public MqttReasonCode ReasonCode { get; init; }

    /// <summary>Reason string, or null.</summary>
    public string? ReasonString { get; init; }

    /// <summary>User properties.</summary>
    public IReadOnlyList<MqttUserProperty> UserProperties { get; init; } = [];
}

/// <summary>PUBACK (MQTT 5.0 §3.4).</summary>
public sealed class PubAckPacket : MqttPublishAcknowledgementPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.PubAck;
}

/// <summary>PUBREC (MQTT 5.0 §3.5).</summary>
public sealed class PubRecPacket : MqttPublishAcknowledgementPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.PubRec;
}

/// <summary>PUBREL (MQTT 5.0 §3.6).</summary>
public sealed class PubRelPacket : MqttPublishAcknowledgementPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.PubRel;
}

/// <summary>PUBCOMP (MQTT 5.0 §3.7).</summary>
public sealed class PubCompPacket : MqttPublishAcknowledgementPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.PubComp;
}

/// <summary>One topic filter with its subscription options (MQTT 5.0 §3.8.3.1).</summary>
public sealed class MqttTopicFilter
{
    /// <summary>Topic filter, possibly with wildcards or a $share/ prefix.</summary>
    public required string Filter { get; init; }

    /// <summary>Maximum QoS.</summary>
    public MqttQualityOfService QualityOfService { get; init; }

    /// <summary>No local option.</summary>
    public bool NoLocal { get; init; }

    /// <summary>Retain as published option.</summary>
    public bool RetainAsPublished { get; init; }

    /// <summary>Retain handling option.</summary>
    public MqttRetainHandling RetainHandling { get; init; }
}

/// <summary>SUBSCRIBE (MQTT 5.0 §3.8).</summary>
public sealed class SubscribePacket : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.Subscribe;

    /// <summary>Packet identifier.</summary>
    public ushort PacketIdentifier { get; init; }

    /// <summary>Subscription identifier, or 0 when absent.</summary>
    public uint SubscriptionIdentifier { get; init; }

    /// <summary>Topic filters (at least one).</summary>
    public IReadOnlyList<MqttTopicFilter> TopicFilters { get; init; } = [];

    /// <summary>User properties.</summary>
    public IReadOnlyList<MqttUserProperty> UserProperties { get; init; } = [];
}

/// <summary>SUBACK (MQTT 5.0 §3.9).</summary>
public sealed class SubAckPacket : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.SubAck;

    /// <summary>Packet identifier.</summary>
    public ushort PacketIdentifier { get; init; }

    /// <summary>One reason code per topic filter.</summary>
    public IReadOnlyList<MqttReasonCode> ReasonCodes { get; init; } = [];

    /// <summary>Reason string, or null.</summary>
    public string? ReasonString { get; init; }

    /// <summary>User properties.</summary>
    public IReadOnlyList<MqttUserProperty> UserProperties { get; init; } = [];
}

/// <summary>UNSUBSCRIBE (MQTT 5.0 §3.10).</summary>
public sealed class UnsubscribePacket : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.Unsubscribe;

    /// <summary>Packet identifier.</summary>
    public ushort PacketIdentifier { get; init; }

    /// <summary>Topic filters (at least one).</summary>
    public IReadOnlyList<string> TopicFilters { get; init; } = [];

    /// <summary>User properties.</summary>
    public IReadOnlyList<MqttUserProperty> UserProperties { get; init; } = [];
}

/// <summary>UNSUBACK (MQTT 5.0 §3.11).</summary>
public sealed class UnsubAckPacket : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.UnsubAck;

    /// <summary>Packet identifier.</summary>
    public ushort PacketIdentifier { get; init; }

    /// <summary>One reason code per topic filter (empty for MQTT 3.1.1).</summary>
    public IReadOnlyList<MqttReasonCode> ReasonCodes { get; init; } = [];

    /// <summary>Reason string, or null.</summary>
    public string? ReasonString { get; init; }

    /// <summary>User properties.</summary>
    public IReadOnlyList<MqttUserProperty> UserProperties { get; init; } = [];
}

/// <summary>PINGREQ (MQTT 5.0 §3.12).</summary>
public sealed class PingReqPacket : MqttPacket
{
    /// <summary>The single instance (the packet carries no data).</summary>
    public static PingReqPacket Instance { get; } = new();

    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.PingReq;
}

/// <summary>PINGRESP (MQTT 5.0 §3.13).</summary>
public sealed class PingRespPacket : MqttPacket
{
    /// <summary>The single instance (the packet carries no data).</summary>
    public static PingRespPacket Instance { get; } = new();

    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.PingResp;
}

/// <summary>DISCONNECT (MQTT 5.0 §3.14).</summary>
public sealed class DisconnectPacket : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.Disconnect;

    /// <summary>Disconnect reason code.</summary>
    public MqttReasonCode ReasonCode { get; init; }

    /// <summary>Session expiry interval in seconds, or null when absent.</summary>
    public uint? SessionExpiryIntervalSeconds { get; init; }

    /// <summary>Reason string, or null.</summary>
    public string? ReasonString { get; init; }

    /// <summary>Server reference, or null.</summary>
    public string? ServerReference { get; init; }

    /// <summary>User properties.</summary>
    public IReadOnlyList<MqttUserProperty> UserProperties { get; init; } = [];
}

/// <summary>AUTH (MQTT 5.0 §3.15).</summary>
public sealed class AuthPacket : MqttPacket
{
    /// <inheritdoc />
    public override MqttPacketType Type => MqttPacketType.Auth;

    /// <summary>Authenticate reason code.</summary>
    public MqttReasonCode ReasonCode { get; init; }

    /// <summary>Authentication method, or null.</summary>
    public string? AuthenticationMethod { get; init; }

    /// <summary>Authentication data, or null.</summary>
    public ReadOnlyMemory<byte>? AuthenticationData { get; init; }

    /// <summary>Reason string, or null.</summary>
    public string? ReasonString { get; init; }

    /// <summary>User properties.</summary>
    public IReadOnlyList<MqttUserProperty> UserProperties { get; init; } = [];
}
