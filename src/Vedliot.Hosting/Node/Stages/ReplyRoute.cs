using Vedliot.Messaging.Packets;
using Vedliot.Messaging.RequestResponse;
using Vedliot.Runtime.Deployment.Protocol;

namespace Vedliot.Hosting.Node.Stages;

/// <summary>
/// Where a request's answer or error reply goes: the request's MQTT 5.0 response topic, or the pipeline's answer
/// topic when it names none, always with the request's correlation data. A response topic that is no valid topic
/// name, or that lies in one of the deployment protocol's reserved subtrees (nodes must never publish app data
/// into protocol topics), is refused: the route then leads to the answer topic and says what was refused.
/// </summary>
/// <param name="Topic">Where replies go.</param>
/// <param name="CorrelationData">The request's correlation data, or null.</param>
/// <param name="RefusedTopic">The response topic the request asked for and was refused, or null.</param>
/// <param name="RefusedBecause">Why it was refused, or null.</param>
internal sealed record ReplyRoute(string Topic, ReadOnlyMemory<byte>? CorrelationData, string? RefusedTopic = null, string? RefusedBecause = null)
{
    /// <summary>Whether the request's response topic was refused.</summary>
    public bool IsRefused => RefusedTopic is not null;

    /// <summary>The route of <paramref name="request"/>.</summary>
    /// <param name="request">A request as received on a stage's input topic.</param>
    /// <param name="answerTopic">The pipeline's answer topic (the manifest's output topic).</param>
    /// <param name="topics">The protocol's topic tree, whose reserved subtrees are refused.</param>
    /// <returns>The route.</returns>
    public static ReplyRoute Of(MqttApplicationMessage request, string answerTopic, DeploymentTopics topics)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(topics);
        if (request.ResponseTopic is not { } wanted)
        {
            return new ReplyRoute(answerTopic, request.CorrelationData);
        }

        var problem = MqttTopic.ValidateTopicName(wanted)
            ?? (topics.ReservedSubtreeOf(wanted) is { } subtree ? $"it lies in the deployment protocol's subtree {subtree}, where nodes publish no app data" : null);
        return problem is null
            ? new ReplyRoute(wanted, request.CorrelationData)
            : new ReplyRoute(answerTopic, request.CorrelationData, wanted, problem);
    }

    /// <summary>The error reply carrying <paramref name="text"/> along this route (QoS 1, with the correlation data).</summary>
    /// <param name="text">What went wrong: names the stage and the reason.</param>
    /// <returns>The message.</returns>
    public MqttApplicationMessage Error(string text) => new ErrorReply(text).ToMessage(Topic, CorrelationData);
}
