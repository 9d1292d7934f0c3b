using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tensors;

namespace Vedliot.Hosting.Node.Stages;

/// <summary>
/// The messages a stage makes of a run's tensors: the bundle it forwards to the next stage, or the answer the last
/// stage sends to the app. Both encode the tensors straight into the outgoing payload (the frames may view ONNX
/// Runtime's memory, so the message must be made before the run's values are released). The wire format itself is
/// Messaging's (<see cref="TensorFrameCodec"/>, <see cref="TensorBundleCodec"/>).
/// </summary>
internal static class StageOutputs
{
    /// <summary>
    /// The bundle for the next stage, at QoS 1, keeping the request's response topic and correlation data unchanged,
    /// so that the last stage can answer the app directly.
    /// </summary>
    /// <param name="topic">The next stage's input topic.</param>
    /// <param name="bundle">The tensors that cross the cut.</param>
    /// <param name="request">The request the bundle was computed from.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentException">The bundle breaks a rule of the format.</exception>
    public static MqttApplicationMessage Forward(string topic, TensorBundle bundle, MqttApplicationMessage request) => new()
    {
        Topic = topic,
        Payload = TensorBundleCodec.Encode(bundle),
        ContentType = TensorMessages.BundleContentType,
        QualityOfService = MqttQualityOfService.AtLeastOnce,
        ResponseTopic = request.ResponseTopic,
        CorrelationData = request.CorrelationData,
    };

    /// <summary>
    /// The answer to the app along <paramref name="route"/>, at QoS 1 with the request's correlation data: a single
    /// tensor frame when the result is exactly one tensor, a bundle otherwise.
    /// </summary>
    /// <param name="route">Where the answer goes.</param>
    /// <param name="result">The pipeline's output tensors.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentException">The tensors break a rule of the format.</exception>
    public static MqttApplicationMessage Answer(ReplyRoute route, TensorBundle result) => result.Tensors is [var only]
        ? new MqttApplicationMessage
        {
            Topic = route.Topic,
            Payload = TensorFrameCodec.Encode(only.Frame),
            ContentType = TensorMessages.ContentType,
            QualityOfService = MqttQualityOfService.AtLeastOnce,
            CorrelationData = route.CorrelationData,
        }
        : new MqttApplicationMessage
        {
            Topic = route.Topic,
            Payload = TensorBundleCodec.Encode(result),
            ContentType = TensorMessages.BundleContentType,
            QualityOfService = MqttQualityOfService.AtLeastOnce,
            CorrelationData = route.CorrelationData,
        };
}
