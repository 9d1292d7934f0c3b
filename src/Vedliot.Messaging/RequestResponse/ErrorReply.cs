using System.Text.Json;
using System.Text.Json.Serialization;
using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.RequestResponse;

/// <summary>
/// A refusal or failure sent in place of an answer: a JSON object <c>{"message": "..."}</c> with content type
/// <see cref="ContentType"/>. Commands of the deployment protocol and requests to pipelines both answer with it,
/// carrying the request's correlation data, so whoever waits for the answer learns why there is none.
/// </summary>
/// <param name="Message">What went wrong.</param>
public sealed record ErrorReply([property: JsonPropertyName("message")] string Message)
{
    /// <summary>The MQTT 5.0 content type of an error reply.</summary>
    public const string ContentType = "application/vnd.vedliot.error+json";

    /// <summary>The message that carries this reply to <paramref name="topic"/> at QoS 1, with <paramref name="correlationData"/>.</summary>
    /// <param name="topic">Where the reply goes (the request's response topic, or the pipeline's answer topic).</param>
    /// <param name="correlationData">The request's correlation data, or null.</param>
    /// <returns>The message.</returns>
    public MqttApplicationMessage ToMessage(string topic, ReadOnlyMemory<byte>? correlationData) => new()
    {
        Topic = topic,
        Payload = JsonSerializer.SerializeToUtf8Bytes(this, ErrorReplyJson.Default.ErrorReply),
        ContentType = ContentType,
        PayloadFormat = MqttPayloadFormat.Utf8,
        QualityOfService = MqttQualityOfService.AtLeastOnce,
        CorrelationData = correlationData,
    };

    /// <summary>Whether <paramref name="message"/> is an error reply (by its content type).</summary>
    /// <param name="message">A received message.</param>
    /// <returns>True for an error reply.</returns>
    public static bool IsErrorReply(MqttApplicationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.ContentType == ContentType;
    }

    /// <summary>
    /// The text of an error reply. A payload that is not the JSON object is still an error: its text (UTF-8,
    /// at most 4096 characters) becomes the message, so a sender's mistake never hides the failure.
    /// </summary>
    /// <param name="message">A message whose content type is <see cref="ContentType"/>.</param>
    /// <returns>The reply.</returns>
    public static ErrorReply Read(MqttApplicationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            if (JsonSerializer.Deserialize(message.Payload.Span, ErrorReplyJson.Default.ErrorReply) is { Message: { } text })
            {
                return new ErrorReply(text);
            }
        }
        catch (JsonException)
        {
            // Not the JSON object: the payload's text is the best description there is.
        }

        var raw = System.Text.Encoding.UTF8.GetString(message.Payload.Span);
        return new ErrorReply(raw.Length > 4096 ? raw[..4096] + "…" : raw);
    }
}

/// <summary>Source-generated JSON for <see cref="ErrorReply"/> (no reflection on the answer path).</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ErrorReply))]
internal sealed partial class ErrorReplyJson : JsonSerializerContext;
