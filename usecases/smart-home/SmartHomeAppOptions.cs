using Vedliot.Messaging.Packets;

namespace Vedliot.UseCases.SmartHome;

/// <summary>
/// Where <see cref="SmartHomeApp"/> talks to the three pipelines (the topics of
/// <c>usecases/smart-home/deploy.yaml</c>) and how it paces and waits.
/// </summary>
public sealed class SmartHomeAppOptions
{
    /// <summary>Input of pipeline <c>melspectrogram</c>: audio chunks with their context, [1, 1760]. Manifest: <c>vedliot/smart-home/audio</c>.</summary>
    public required string AudioTopic { get; init; }

    /// <summary>Output of pipeline <c>melspectrogram</c>: mel frames, [1, 1, 8, 32]. Manifest: <c>vedliot/smart-home/mel</c>.</summary>
    public required string MelTopic { get; init; }

    /// <summary>Input of pipeline <c>embedding</c>: scaled 76-frame windows, [1, 76, 32, 1]. Manifest: <c>vedliot/smart-home/mel-windows</c>.</summary>
    public required string MelWindowsTopic { get; init; }

    /// <summary>Output of pipeline <c>embedding</c>: one embedding, [1, 1, 1, 96]. Manifest: <c>vedliot/smart-home/embedding</c>.</summary>
    public required string EmbeddingTopic { get; init; }

    /// <summary>Input of pipeline <c>hey-jarvis</c>: 16-embedding sequences, [1, 16, 96]. Manifest: <c>vedliot/smart-home/embedding-windows</c>.</summary>
    public required string EmbeddingWindowsTopic { get; init; }

    /// <summary>Output of pipeline <c>hey-jarvis</c>: one score, [1, 1]. Manifest: <c>vedliot/smart-home/wakeword</c>.</summary>
    public required string WakeWordTopic { get; init; }

    /// <summary>
    /// Time between the starts of consecutive audio chunks: 80 ms streams in real time, as a microphone
    /// would. Default: zero, each chunk as soon as the previous one is acknowledged.
    /// </summary>
    public TimeSpan ChunkInterval { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// How long to wait for the next expected result before giving up with a <see cref="TimeoutException"/>.
    /// Default: 30 s (the pipeline gateway itself answers with an error when a stage fails).
    /// </summary>
    public TimeSpan ResultTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Clock for pacing and timeouts. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A topic is not a valid MQTT topic name, two topics coincide, or a time is out of range.</exception>
    public void Validate()
    {
        var topics = new[]
        {
            (nameof(AudioTopic), AudioTopic), (nameof(MelTopic), MelTopic), (nameof(MelWindowsTopic), MelWindowsTopic),
            (nameof(EmbeddingTopic), EmbeddingTopic), (nameof(EmbeddingWindowsTopic), EmbeddingWindowsTopic), (nameof(WakeWordTopic), WakeWordTopic),
        };
        foreach (var (name, topic) in topics)
        {
            if (MqttTopic.ValidateTopicName(topic) is { } problem)
            {
                throw new ArgumentException($"{name} '{topic}': {problem}", name);
            }
        }

        if (topics.Select(t => t.Item2).Distinct(StringComparer.Ordinal).Count() != topics.Length)
        {
            throw new ArgumentException($"The six topics must differ: {string.Join(", ", topics.Select(t => $"{t.Item1}='{t.Item2}'"))}.", nameof(AudioTopic));
        }

        if (ChunkInterval < TimeSpan.Zero)
        {
            throw new ArgumentException($"ChunkInterval {ChunkInterval} is negative.", nameof(ChunkInterval));
        }

        if (ResultTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"ResultTimeout {ResultTimeout} must be positive.", nameof(ResultTimeout));
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
