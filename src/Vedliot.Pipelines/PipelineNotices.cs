using System.Text.Json;
using System.Text.Json.Serialization;
using Vedliot.Messaging.Packets;

namespace Vedliot.Pipelines;

/// <summary>The home of <see cref="PipelineNotice"/> on the wire: its topic, content type and JSON.</summary>
public static class PipelineNotices
{
    /// <summary>The MQTT 5.0 content type of a notice.</summary>
    public const string ContentType = "application/vnd.vedliot.pipeline-notice+json";

    /// <summary>Longest notice read (a notice lists tensor names; 64 KiB is far beyond any real one).</summary>
    public const int MaximumBytes = 64 * 1024;

    /// <summary>The retained notice topic of <paramref name="pipeline"/> under the deployment's topic root.</summary>
    /// <param name="root">The deployment protocol's topic root, e.g. <c>vedliot</c>.</param>
    /// <param name="pipeline">The pipeline's name.</param>
    /// <returns><c>{root}/pipelines/{pipeline}/notice</c>.</returns>
    public static string Topic(string root, string pipeline)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentException.ThrowIfNullOrEmpty(pipeline);
        return $"{root}/pipelines/{pipeline}/notice";
    }

    /// <summary>The retained message carrying <paramref name="notice"/>.</summary>
    /// <param name="root">The topic root.</param>
    /// <param name="notice">The notice.</param>
    /// <returns>The message, at QoS 1.</returns>
    public static MqttApplicationMessage Create(string root, PipelineNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return new MqttApplicationMessage
        {
            Topic = Topic(root, notice.Pipeline),
            Payload = JsonSerializer.SerializeToUtf8Bytes(notice, PipelineNoticeJson.Default.PipelineNotice),
            ContentType = ContentType,
            PayloadFormat = MqttPayloadFormat.Utf8,
            QualityOfService = MqttQualityOfService.AtLeastOnce,
            Retain = true,
        };
    }

    /// <summary>The message that clears the retained notice of <paramref name="pipeline"/> (an empty retained payload).</summary>
    /// <param name="root">The topic root.</param>
    /// <param name="pipeline">The pipeline's name.</param>
    /// <returns>The message, at QoS 1.</returns>
    public static MqttApplicationMessage Clear(string root, string pipeline) => new()
    {
        Topic = Topic(root, pipeline),
        Payload = ReadOnlyMemory<byte>.Empty,
        QualityOfService = MqttQualityOfService.AtLeastOnce,
        Retain = true,
    };

    /// <summary>Reads a notice; an empty payload (a cleared notice) gives null.</summary>
    /// <param name="message">A message from a notice topic.</param>
    /// <returns>The notice, or null when cleared.</returns>
    /// <exception cref="FormatException">The message is not a notice: the text names the topic and what is wrong.</exception>
    public static PipelineNotice? Read(MqttApplicationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Payload.IsEmpty)
        {
            return null;
        }

        if (message.ContentType != ContentType)
        {
            throw new FormatException($"{message.Topic}: content type '{message.ContentType ?? "(none)"}', not a pipeline notice ('{ContentType}')");
        }

        if (message.Payload.Length > MaximumBytes)
        {
            throw new FormatException($"{message.Topic}: a pipeline notice of {message.Payload.Length} bytes is longer than {MaximumBytes}");
        }

        try
        {
            return JsonSerializer.Deserialize(message.Payload.Span, PipelineNoticeJson.Default.PipelineNotice)
                ?? throw new FormatException($"{message.Topic}: the pipeline notice is null");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{message.Topic}: malformed pipeline notice: {e.Message}", e);
        }
    }
}

/// <summary>Source-generated JSON for <see cref="PipelineNotice"/>: camelCase, states in kebab case.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    MaxDepth = 8)]
[JsonSerializable(typeof(PipelineNotice))]
internal sealed partial class PipelineNoticeJson : JsonSerializerContext;
