using System.Text.Json;
using System.Text.Json.Serialization;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.RequestResponse;

namespace Vedliot.Runtime.Deployment.Protocol;

/// <summary>Encodes and decodes the deployment protocol's JSON messages, checking their content types.</summary>
public static class DeploymentMessages
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower), new ReadOnlySetJsonConverter() },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>The JSON bytes of <paramref name="body"/>.</summary>
    public static byte[] Serialize<T>(T body) => JsonSerializer.SerializeToUtf8Bytes(body, Json);

    /// <summary>A message carrying <paramref name="body"/> as JSON, at QoS 1.</summary>
    public static MqttApplicationMessage Create<T>(string topic, string contentType, T body, bool retain = false) => new()
    {
        Topic = topic,
        Payload = Serialize(body),
        ContentType = contentType,
        PayloadFormat = MqttPayloadFormat.Utf8,
        QualityOfService = MqttQualityOfService.AtLeastOnce,
        Retain = retain,
    };

    /// <summary>The reply to <paramref name="request"/> carrying <paramref name="body"/> as JSON.</summary>
    public static MqttApplicationMessage Reply<T>(MqttApplicationMessage request, string contentType, T body) =>
        MqttMessages.ReplyTo(request, Serialize(body), contentType);

    /// <summary>An <see cref="ErrorReply"/> to <paramref name="request"/>.</summary>
    public static MqttApplicationMessage ReplyError(MqttApplicationMessage request, string message)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ErrorReply(message).ToMessage(request.ResponseTopic ?? throw new ArgumentException($"The message on '{request.Topic}' has no response topic to reply to.", nameof(request)), request.CorrelationData);
    }

    /// <summary>Reads a message's JSON body, checking its content type.</summary>
    /// <exception cref="DeploymentProtocolException">
    /// The message is an <see cref="ErrorReply"/> (its text), has another content type, or its JSON does not
    /// match <typeparamref name="T"/>; the message names the topic.
    /// </exception>
    public static T Read<T>(MqttApplicationMessage message, string contentType)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.ContentType == ProtocolContentTypes.Error && contentType != ProtocolContentTypes.Error)
        {
            throw new DeploymentProtocolException($"{message.Topic}: {ErrorReply.Read(message).Message}");
        }

        if (message.ContentType != contentType)
        {
            throw new DeploymentProtocolException($"{message.Topic}: expected content type '{contentType}', got '{message.ContentType ?? "(none)"}'");
        }

        return Parse<T>(message);
    }

    /// <summary>Throws the text of an <see cref="ErrorReply"/>, or checks the content type of a non-JSON reply.</summary>
    /// <exception cref="DeploymentProtocolException">The reply reports an error or has another content type.</exception>
    public static void Expect(MqttApplicationMessage message, string contentType)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.ContentType == ProtocolContentTypes.Error)
        {
            throw new DeploymentProtocolException($"{message.Topic}: {ErrorReply.Read(message).Message}");
        }

        if (message.ContentType != contentType)
        {
            throw new DeploymentProtocolException($"{message.Topic}: expected content type '{contentType}', got '{message.ContentType ?? "(none)"}'");
        }
    }

    private static T Parse<T>(MqttApplicationMessage message)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(message.Payload.Span, Json)
                ?? throw new DeploymentProtocolException($"{message.Topic}: the {typeof(T).Name} is null");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new DeploymentProtocolException($"{message.Topic}: malformed {typeof(T).Name}: {e.Message}", e);
        }
    }
}
