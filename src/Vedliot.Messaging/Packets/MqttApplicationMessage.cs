namespace Vedliot.Messaging.Packets;

/// <summary>
/// An application message as published, received, or left as a will (MQTT 5.0 §3.3, §3.1.2.5).
/// Over MQTT 3.1.1 only topic, payload, QoS and retain travel; the MQTT 5.0 properties are not sent.
/// </summary>
public sealed class MqttApplicationMessage
{
    /// <summary>Topic name.</summary>
    public required string Topic { get; init; }

    /// <summary>Payload. Received payloads are slices of the packet buffer owned by the message.</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>QoS. Default: at most once.</summary>
    public MqttQualityOfService QualityOfService { get; init; }

    /// <summary>Retain flag.</summary>
    public bool Retain { get; init; }

    /// <summary>Payload format indicator (MQTT 5.0).</summary>
    public MqttPayloadFormat PayloadFormat { get; init; }

    /// <summary>Message expiry interval in seconds, or null (MQTT 5.0).</summary>
    public uint? MessageExpiryIntervalSeconds { get; init; }

    /// <summary>Content type, or null (MQTT 5.0).</summary>
    public string? ContentType { get; init; }

    /// <summary>Response topic, or null (MQTT 5.0).</summary>
    public string? ResponseTopic { get; init; }

    /// <summary>Correlation data, or null (MQTT 5.0).</summary>
    public ReadOnlyMemory<byte>? CorrelationData { get; init; }

    /// <summary>User properties (MQTT 5.0).</summary>
    public IReadOnlyList<MqttUserProperty> UserProperties { get; init; } = [];
}
