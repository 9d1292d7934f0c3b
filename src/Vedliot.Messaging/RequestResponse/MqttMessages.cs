using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.RequestResponse;

/// <summary>Copies of application messages: detached from receive buffers, addressed as replies.</summary>
public static class MqttMessages
{
    /// <summary>
    /// A copy of a received message whose payload and correlation data are owned by the copy, so it may
    /// outlive the receive handler (received payloads live in pooled buffers).
    /// </summary>
    public static MqttApplicationMessage Detach(MqttApplicationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        // Absent correlation data stays absent: a null array (or the null literal) converts to empty, present, correlation data.
        ReadOnlyMemory<byte>? correlationData = message.CorrelationData is { } data ? data.ToArray() : default(ReadOnlyMemory<byte>?);
        return Copy(message, message.Topic, message.Payload.ToArray(), message.ContentType, message.ResponseTopic, correlationData, message.QualityOfService, message.Retain);
    }

    /// <summary>
    /// The reply to <paramref name="request"/> (MQTT 5.0 §4.10): published on its response topic with its
    /// correlation data, at QoS 1.
    /// </summary>
    /// <exception cref="ArgumentException">The request has no response topic.</exception>
    public static MqttApplicationMessage ReplyTo(MqttApplicationMessage request, ReadOnlyMemory<byte> payload, string contentType)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.ResponseTopic))
        {
            throw new ArgumentException($"The message on '{request.Topic}' has no response topic to reply to.", nameof(request));
        }

        return new MqttApplicationMessage
        {
            Topic = request.ResponseTopic,
            Payload = payload,
            ContentType = contentType,
            CorrelationData = request.CorrelationData,
            QualityOfService = MqttQualityOfService.AtLeastOnce,
        };
    }

    /// <summary>A copy of <paramref name="message"/> with a response topic and correlation data set.</summary>
    internal static MqttApplicationMessage With(MqttApplicationMessage message, string responseTopic, ReadOnlyMemory<byte> correlationData) =>
        Copy(message, message.Topic, message.Payload, message.ContentType, responseTopic, correlationData, message.QualityOfService, message.Retain);

    private static MqttApplicationMessage Copy(MqttApplicationMessage message, string topic, ReadOnlyMemory<byte> payload, string? contentType, string? responseTopic, ReadOnlyMemory<byte>? correlationData, MqttQualityOfService qualityOfService, bool retain) => new()
    {
        Topic = topic,
        Payload = payload,
        QualityOfService = qualityOfService,
        Retain = retain,
        PayloadFormat = message.PayloadFormat,
        MessageExpiryIntervalSeconds = message.MessageExpiryIntervalSeconds,
        ContentType = contentType,
        ResponseTopic = responseTopic,
        CorrelationData = correlationData,
        UserProperties = message.UserProperties,
    };
}
