using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Tensors;

/// <summary>
/// Carries tensors as MQTT application messages: one frame, or one bundle of named frames, per PUBLISH.
/// The MQTT 5.0 content type says which (<see cref="ContentType"/> or <see cref="BundleContentType"/>).
/// </summary>
public static class TensorMessages
{
    /// <summary>The MQTT 5.0 content type that marks a tensor frame payload.</summary>
    public const string ContentType = "application/vnd.vedliot.tensor-frame.v1";

    /// <summary>The MQTT 5.0 content type that marks a tensor bundle payload (<see cref="TensorBundleCodec"/>).</summary>
    public const string BundleContentType = "application/vnd.vedliot.tensor-bundle.v1";

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

    /// <summary>Builds the message that carries <paramref name="bundle"/>: all its tensors in one PUBLISH.</summary>
    /// <param name="topic">Topic to publish on.</param>
    /// <param name="bundle">The bundle; see <see cref="TensorBundleCodec.Encode(TensorBundle)"/> for the rules it must follow.</param>
    /// <param name="qualityOfService">QoS. Default: at most once.</param>
    /// <returns>A message whose payload is the encoded bundle and whose content type is <see cref="BundleContentType"/>.</returns>
    /// <exception cref="ArgumentException">The bundle breaks a rule of the format.</exception>
    public static MqttApplicationMessage CreateBundle(string topic, TensorBundle bundle, MqttQualityOfService qualityOfService = MqttQualityOfService.AtMostOnce) => new()
    {
        Topic = topic,
        Payload = TensorBundleCodec.Encode(bundle),
        QualityOfService = qualityOfService,
        ContentType = BundleContentType,
    };

    /// <summary>
    /// Decodes and verifies the tensors a message carries, whether it holds a bundle or a single frame, without
    /// copying their data. A single frame becomes a bundle of one tensor named <paramref name="singleTensorName"/>,
    /// with the frame's pipeline id, request id and stage index. The content type decides the format; a message
    /// without one (as over MQTT 3.1.1, which has no properties) is read as a bundle when its payload starts
    /// with the bundle magic "VTB1" and as a frame otherwise.
    /// </summary>
    /// <param name="message">A received message.</param>
    /// <param name="singleTensorName">
    /// The ONNX tensor name to give a lone frame (the name the receiving stage expects for the one tensor of this
    /// cut); must be a valid bundle tensor name even when the message turns out to hold a bundle.
    /// </param>
    /// <returns>The bundle; its frames' data are slices of the message payload.</returns>
    /// <exception cref="ArgumentException"><paramref name="singleTensorName"/> is empty or too long.</exception>
    /// <exception cref="TensorFrameException">
    /// The payload is not a valid bundle or frame, or the content type is neither <see cref="BundleContentType"/>
    /// nor <see cref="ContentType"/> (the message names the topic and the content type).
    /// </exception>
    public static TensorBundle ReadBundle(MqttApplicationMessage message, string singleTensorName)
    {
        ArgumentNullException.ThrowIfNull(message);
        TensorBundleCodec.ValidateName(singleTensorName, nameof(singleTensorName));
        var isBundle = message.ContentType switch
        {
            BundleContentType => true,
            ContentType => false,
            null => TensorBundleCodec.StartsWithMagic(message.Payload.Span),
            var other => throw new TensorFrameException($"Message on '{message.Topic}' has content type '{other}', neither a tensor bundle ('{BundleContentType}') nor a tensor frame ('{ContentType}')."),
        };

        if (isBundle)
        {
            return TensorBundleCodec.Decode(message.Payload);
        }

        var frame = TensorFrameCodec.Decode(message.Payload);
        return new TensorBundle
        {
            PipelineId = frame.PipelineId,
            RequestId = frame.RequestId,
            StageIndex = frame.StageIndex,
            Tensors = [new NamedTensor { Name = singleTensorName, Frame = frame }],
        };
    }
}
