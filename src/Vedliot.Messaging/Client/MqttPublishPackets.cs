using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Client;

/// <summary>Mapping between application messages and PUBLISH packets, both ways.</summary>
internal static class MqttPublishPackets
{
    /// <summary>The PUBLISH packet for an outgoing application message (full topic, no alias, no DUP).</summary>
    /// <param name="m">The message.</param>
    /// <param name="id">Packet identifier (0 for QoS 0).</param>
    /// <param name="version">The protocol spoken; user properties are MQTT 5.0 only.</param>
    /// <returns>The packet; the payload is the message's (not copied).</returns>
    public static PublishPacket FromMessage(MqttApplicationMessage m, ushort id, MqttProtocolVersion version) => new()
    {
        Topic = m.Topic,
        Payload = m.Payload,
        QualityOfService = m.QualityOfService,
        Retain = m.Retain,
        PacketIdentifier = id,
        PayloadFormat = m.PayloadFormat,
        MessageExpiryIntervalSeconds = m.MessageExpiryIntervalSeconds,
        ContentType = m.ContentType,
        ResponseTopic = m.ResponseTopic,
        CorrelationData = m.CorrelationData,
        UserProperties = version == MqttProtocolVersion.V500 ? m.UserProperties : [],
    };

    /// <summary>The application message a received PUBLISH carries.</summary>
    /// <param name="p">The packet.</param>
    /// <param name="topic">Its topic, resolved from a topic alias where needed.</param>
    /// <returns>The message; its payload is the packet's (not copied).</returns>
    public static MqttApplicationMessage ToMessage(PublishPacket p, string topic) => new()
    {
        Topic = topic,
        Payload = p.Payload,
        QualityOfService = p.QualityOfService,
        Retain = p.Retain,
        PayloadFormat = p.PayloadFormat,
        MessageExpiryIntervalSeconds = p.MessageExpiryIntervalSeconds,
        ContentType = p.ContentType,
        ResponseTopic = p.ResponseTopic,
        CorrelationData = p.CorrelationData,
        UserProperties = p.UserProperties,
    };

    /// <summary>A copy of <paramref name="p"/> with another topic/alias and DUP flag.</summary>
    /// <param name="p">The packet.</param>
    /// <param name="topic">Topic to send (empty when the alias stands for it).</param>
    /// <param name="alias">Topic alias, or 0.</param>
    /// <param name="duplicate">DUP flag.</param>
    /// <returns>The copy.</returns>
    public static PublishPacket Copy(PublishPacket p, string topic, ushort alias, bool duplicate) =>
        Copy(p, topic, alias, duplicate, p.MessageExpiryIntervalSeconds);

    /// <summary>A copy of <paramref name="p"/> with another topic/alias, DUP flag and Message Expiry Interval.</summary>
    /// <param name="p">The packet.</param>
    /// <param name="topic">Topic to send (empty when the alias stands for it).</param>
    /// <param name="alias">Topic alias, or 0.</param>
    /// <param name="duplicate">DUP flag.</param>
    /// <param name="messageExpiryIntervalSeconds">Message Expiry Interval to send, or null.</param>
    /// <returns>The copy.</returns>
    public static PublishPacket Copy(PublishPacket p, string topic, ushort alias, bool duplicate, uint? messageExpiryIntervalSeconds) => new()
    {
        Topic = topic,
        TopicAlias = alias,
        Payload = p.Payload,
        QualityOfService = p.QualityOfService,
        Retain = p.Retain,
        Duplicate = duplicate,
        PacketIdentifier = p.PacketIdentifier,
        PayloadFormat = p.PayloadFormat,
        MessageExpiryIntervalSeconds = messageExpiryIntervalSeconds,
        ContentType = p.ContentType,
        ResponseTopic = p.ResponseTopic,
        CorrelationData = p.CorrelationData,
        UserProperties = p.UserProperties,
    };
}
