using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Tensors;

/// <summary>Carries tensor frames as MQTT application messages: one frame per PUBLISH.</summary>
public static class TensorMessages
{
    /// <summary>The MQTT 5.0 content type that marks a tensor frame payload.</summary>
    public const string ContentType = "application/vnd.vedliot.tensor-frame.v1";

    /// <summary>Builds the message that carries <paramref name="frame"/>.</summary>
    /// <param name="topic">Topic to publish on.</param>
    /// <param name="frame">The frame.</param>
    /// <param name="qualityOfService">QoS. Default: at most once.</param>
    /// <returns>A message whose payload is the encoded frame.</returns>
    public static MqttApplicationMessage Create(string topic, TensorFrame frame, MqttQualityOfService qualityOfService = MqttQualityOfService.AtMostOnce) => new()
    {
        Topic = topic,
        Payload = TensorFrameCodec.Encode(frame),
        QualityOfService = qualityOfService,
        ContentType = ContentType,
    };

    /// <summary>Decodes and verifies the frame a message carries, without copying its data.</summary>
    /// <param name="message">A received message.</param>
    /// <returns>The frame; its data is a slice of the message payload.</returns>
    /// <exception cref="TensorFrameException">The payload is not a valid frame, or the content type says it is something else.</exception>
    public static TensorFrame Read(MqttApplicationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.ContentType is { } type && type != ContentType)
        {
            throw new TensorFrameException($"Message on '{message.Topic}' has content type '{type}', not a tensor frame.");
        }

        return TensorFrameCodec.Decode(message.Payload);
    }
}
