using System.Buffers.Binary;
using System.Globalization;
using Vedliot.Messaging.RequestResponse;
using Vedliot.Messaging.Packets;
using Vedliot.Runtime.Deployment.Protocol;

namespace Vedliot.Hosting.Node.Stages;

/// <summary>
/// The message a stage publishes on its output topic in place of a result when a request fails: an
/// <see cref="ErrorReply"/> (content type <see cref="ProtocolContentTypes.Error"/>) carrying the request's id in
/// the user property <see cref="RequestIdProperty"/>, so that the gateway still answers the request once.
/// </summary>
internal static class StageErrors
{
    /// <summary>The user property holding the failed request's id (decimal).</summary>
    public const string RequestIdProperty = "request-id";

    /// <summary>The error message for a request.</summary>
    /// <param name="topic">The stage's output topic.</param>
    /// <param name="requestId">The request's id, or null when it could not be read.</param>
    /// <param name="text">What went wrong.</param>
    /// <returns>The message, at QoS 1.</returns>
    public static MqttApplicationMessage Create(string topic, ulong? requestId, string text)
    {
        var message = DeploymentMessages.Create(topic, ProtocolContentTypes.Error, new ErrorReply(text));
        return new MqttApplicationMessage
        {
            Topic = message.Topic,
            Payload = message.Payload,
            ContentType = message.ContentType,
            PayloadFormat = message.PayloadFormat,
            QualityOfService = message.QualityOfService,
            UserProperties = requestId is { } id ? [new MqttUserProperty(RequestIdProperty, id.ToString(CultureInfo.InvariantCulture))] : [],
        };
    }

    /// <summary>An upstream stage's error message, passed on unchanged to <paramref name="topic"/>.</summary>
    /// <param name="topic">The stage's output topic.</param>
    /// <param name="error">The error message received.</param>
    /// <returns>The message, at QoS 1.</returns>
    public static MqttApplicationMessage Forward(string topic, MqttApplicationMessage error) => new()
    {
        Topic = topic,
        Payload = error.Payload,
        ContentType = error.ContentType,
        PayloadFormat = error.PayloadFormat,
        QualityOfService = MqttQualityOfService.AtLeastOnce,
        UserProperties = error.UserProperties,
    };

    /// <summary>The request id an error message carries, or null.</summary>
    /// <param name="error">An error message.</param>
    /// <returns>The id.</returns>
    public static ulong? RequestIdOf(MqttApplicationMessage error)
    {
        foreach (var property in error.UserProperties)
        {
            if (property.Name == RequestIdProperty && ulong.TryParse(property.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>
    /// The request id in the header of a payload that failed to decode (both tensor frames, "VTF1", and bundles,
    /// "VTB1", hold it at offset 16), or null when the payload is not recognisably either. The id is what the
    /// header claims; the payload failed its checks, so it may be wrong.
    /// </summary>
    /// <param name="payload">The payload.</param>
    /// <returns>The id, or null.</returns>
    public static ulong? ClaimedRequestId(ReadOnlySpan<byte> payload) =>
        payload.Length >= 24 && (payload[..4].SequenceEqual("VTF1"u8) || payload[..4].SequenceEqual("VTB1"u8))
            ? BinaryPrimitives.ReadUInt64LittleEndian(payload[16..])
            : null;
}
