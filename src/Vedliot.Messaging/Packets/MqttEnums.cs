namespace Vedliot.Messaging.Packets;

/// <summary>The MQTT control packet types (MQTT 5.0 §2.1.2, MQTT 3.1.1 §2.2.1).</summary>
public enum MqttPacketType : byte
{
    /// <summary>Client request to connect to the server.</summary>
    Connect = 1,
    /// <summary>Connect acknowledgement.</summary>
    ConnAck = 2,
    /// <summary>Publish message.</summary>
    Publish = 3,
    /// <summary>Publish acknowledgement (QoS 1).</summary>
    PubAck = 4,
    /// <summary>Publish received (QoS 2 delivery part 1).</summary>
    PubRec = 5,
    /// <summary>Publish release (QoS 2 delivery part 2).</summary>
    PubRel = 6,
    /// <summary>Publish complete (QoS 2 delivery part 3).</summary>
    PubComp = 7,
    /// <summary>Subscribe request.</summary>
    Subscribe = 8,
    /// <summary>Subscribe acknowledgement.</summary>
    SubAck = 9,
    /// <summary>Unsubscribe request.</summary>
    Unsubscribe = 10,
    /// <summary>Unsubscribe acknowledgement.</summary>
    UnsubAck = 11,
    /// <summary>Ping request.</summary>
    PingReq = 12,
    /// <summary>Ping response.</summary>
    PingResp = 13,
    /// <summary>Disconnect notification.</summary>
    Disconnect = 14,
    /// <summary>Authentication exchange (MQTT 5.0 only).</summary>
    Auth = 15,
}

/// <summary>The MQTT protocol level carried in CONNECT.</summary>
public enum MqttProtocolVersion : byte
{
    /// <summary>MQTT 3.1.1 (protocol level 4).</summary>
    V311 = 4,
    /// <summary>MQTT 5.0 (protocol level 5).</summary>
    V500 = 5,
}

/// <summary>Quality of service levels (MQTT 5.0 §4.3).</summary>
public enum MqttQualityOfService : byte
{
    /// <summary>At most once delivery.</summary>
    AtMostOnce = 0,
    /// <summary>At least once delivery.</summary>
    AtLeastOnce = 1,
    /// <summary>Exactly once delivery.</summary>
    ExactlyOnce = 2,
}

/// <summary>Retain handling subscription option (MQTT 5.0 §3.8.3.1).</summary>
public enum MqttRetainHandling : byte
{
    /// <summary>Send retained messages at the time of the subscribe.</summary>
    SendAtSubscribe = 0,
    /// <summary>Send retained messages only if the subscription did not already exist.</summary>
    SendAtSubscribeIfNew = 1,
    /// <summary>Do not send retained messages at the time of the subscribe.</summary>
    DoNotSend = 2,
}

/// <summary>Payload format indicator (MQTT 5.0 §3.3.2.3.2).</summary>
public enum MqttPayloadFormat : byte
{
    /// <summary>Unspecified bytes.</summary>
    Unspecified = 0,
    /// <summary>UTF-8 encoded character data.</summary>
    Utf8 = 1,
}

/// <summary>
/// MQTT 5.0 reason codes (§2.4). MQTT 3.1.1 CONNACK return codes and SUBACK return codes are
/// mapped onto these values by the 3.1.1 formatter.
/// </summary>
public enum MqttReasonCode : byte
{
    /// <summary>Success / normal disconnection / granted QoS 0.</summary>
    Success = 0x00,
    /// <summary>Granted QoS 1.</summary>
    GrantedQoS1 = 0x01,
    /// <summary>Granted QoS 2.</summary>
    GrantedQoS2 = 0x02,
    /// <summary>Disconnect with will message.</summary>
    DisconnectWithWillMessage = 0x04,
    /// <summary>No matching subscribers.</summary>
    NoMatchingSubscribers = 0x10,
    /// <summary>No subscription existed.</summary>
    NoSubscriptionExisted = 0x11,
    /// <summary>Continue authentication.</summary>
    ContinueAuthentication = 0x18,
    /// <summary>Re-authenticate.</summary>
    ReAuthenticate = 0x19,
    /// <summary>Unspecified error.</summary>
    UnspecifiedError = 0x80,
    /// <summary>Malformed packet.</summary>
    MalformedPacket = 0x81,
    /// <summary>Protocol error.</summary>
    ProtocolError = 0x82,
    /// <summary>Implementation specific error.</summary>
    ImplementationSpecificError = 0x83,
    /// <summary>Unsupported protocol version.</summary>
    UnsupportedProtocolVersion = 0x84,
    /// <summary>Client identifier not valid.</summary>
    ClientIdentifierNotValid = 0x85,
    /// <summary>Bad user name or password.</summary>
    BadUserNameOrPassword = 0x86,
    /// <summary>Not authorized.</summary>
    NotAuthorized = 0x87,
    /// <summary>Server unavailable.</summary>
    ServerUnavailable = 0x88,
    /// <summary>Server busy.</summary>
    ServerBusy = 0x89,
    /// <summary>Banned.</summary>
    Banned = 0x8A,
    /// <summary>Server shutting down.</summary>
    ServerShuttingDown = 0x8B,
    /// <summary>Bad authentication method.</summary>
    BadAuthenticationMethod = 0x8C,
    /// <summary>Keep alive timeout.</summary>
    KeepAliveTimeout = 0x8D,
    /// <summary>Session taken over.</summary>
    SessionTakenOver = 0x8E,
    /// <summary>Topic filter invalid.</summary>
    TopicFilterInvalid = 0x8F,
    /// <summary>Topic name invalid.</summary>
    TopicNameInvalid = 0x90,
    /// <summary>Packet identifier in use.</summary>
    PacketIdentifierInUse = 0x91,
    /// <summary>Packet identifier not found.</summary>
    PacketIdentifierNotFound = 0x92,
    /// <summary>Receive maximum exceeded.</summary>
    ReceiveMaximumExceeded = 0x93,
    /// <summary>Topic alias invalid.</summary>
    TopicAliasInvalid = 0x94,
    /// <summary>Packet too large.</summary>
    PacketTooLarge = 0x95,
    /// <summary>Message rate too high.</summary>
    MessageRateTooHigh = 0x96,
    /// <summary>Quota exceeded.</summary>
    QuotaExceeded = 0x97,
    /// <summary>Administrative action.</summary>
    AdministrativeAction = 0x98,
    /// <summary>Payload format invalid.</summary>
    PayloadFormatInvalid = 0x99,
    /// <summary>Retain not supported.</summary>
    RetainNotSupported = 0x9A,
    /// <summary>QoS not supported.</summary>
    QoSNotSupported = 0x9B,
    /// <summary>Use another server.</summary>
    UseAnotherServer = 0x9C,
    /// <summary>Server moved.</summary>
    ServerMoved = 0x9D,
    /// <summary>Shared subscriptions not supported.</summary>
    SharedSubscriptionsNotSupported = 0x9E,
    /// <summary>Connection rate exceeded.</summary>
    ConnectionRateExceeded = 0x9F,
    /// <summary>Maximum connect time.</summary>
    MaximumConnectTime = 0xA0,
    /// <summary>Subscription identifiers not supported.</summary>
    SubscriptionIdentifiersNotSupported = 0xA1,
    /// <summary>Wildcard subscriptions not supported.</summary>
    WildcardSubscriptionsNotSupported = 0xA2,
}
