using Vedliot.Messaging.Packets;
using Vedliot.Pipelines;

namespace Vedliot.UseCases.SmartHome;

/// <summary>
/// Which three pipelines <see cref="SmartHomeApp"/> talks to (the pipelines of <c>usecases/smart-home/deploy.yaml</c>)
/// and how it paces and waits.
/// </summary>
public sealed record SmartHomeAppOptions
{
    /// <summary>The manifest's pipeline names, in the order the audio flows through them.</summary>
    public static IReadOnlyList<string> PipelineNames { get; } = ["melspectrogram", "embedding", "hey-jarvis"];

    /// <summary>Pipeline <c>melspectrogram</c>: audio chunks with their context [1, 1760] → mel frames [1, 1, 8, 32].</summary>
    public required PipelineEndpoint Melspectrogram { get; init; }

    /// <summary>Pipeline <c>embedding</c>: scaled 76-frame windows [1, 76, 32, 1] → one embedding [1, 1, 1, 96].</summary>
    public required PipelineEndpoint Embedding { get; init; }

    /// <summary>Pipeline <c>hey-jarvis</c>: 16-embedding sequences [1, 16, 96] → one score [1, 1].</summary>
    public required PipelineEndpoint WakeWord { get; init; }

    /// <summary>
    /// Time between the starts of consecutive audio chunks: 80 ms streams in real time, as a microphone
    /// would. Default: zero, each chunk as soon as the previous one is acknowledged.
    /// </summary>
    public TimeSpan ChunkInterval { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// A request unanswered this long is sent again (<see cref="PipelineClientOptions.RequestTimeout"/>). 1 ms – 1 h,
    /// default 10 s (a stage that fails answers with an error at once; this covers lost nodes and messages).
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Most sendings of one request before detection ends with a <see cref="TimeoutException"/> naming it
    /// (<see cref="PipelineClientOptions.MaxAttempts"/>). 1–255, default 3.
    /// </summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Longest wait in <see cref="SmartHomeApp.StartAsync"/> for each pipeline's notice to say it runs. 1 ms – 1 h, default 60 s.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Clock for pacing and timeouts. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The options of one pipeline's client: answers complete in submission order, as the glue needs them.</summary>
    internal PipelineClientOptions ClientOptions() => new()
    {
        Ordered = true,
        RequestTimeout = RequestTimeout,
        MaxAttempts = MaxAttempts,
        StartTimeout = StartTimeout,
        TimeProvider = TimeProvider,
    };

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A pipeline is missing, two share a name or a topic, a topic is not an MQTT topic name, or a value is out of range.</exception>
    public void Validate()
    {
        var pipelines = new[] { (nameof(Melspectrogram), Melspectrogram), (nameof(Embedding), Embedding), (nameof(WakeWord), WakeWord) };
        foreach (var (name, endpoint) in pipelines)
        {
            if (endpoint is null)
            {
                throw new ArgumentException($"{name}: no pipeline given.", name);
            }

            foreach (var (field, topic) in new[] { ("InputTopic", endpoint.InputTopic), ("OutputTopic", endpoint.OutputTopic) })
            {
                if (MqttTopic.ValidateTopicName(topic) is { } problem)
                {
                    throw new ArgumentException($"{name}.{field} '{topic}': {problem}", name);
                }
            }
        }

        if (pipelines.Select(p => p.Item2.Pipeline).Distinct(StringComparer.Ordinal).Count() != pipelines.Length)
        {
            throw new ArgumentException($"The three pipelines must differ: {string.Join(", ", pipelines.Select(p => $"{p.Item1}='{p.Item2.Pipeline}'"))}.", nameof(Melspectrogram));
        }

        var topics = pipelines.SelectMany(p => new[] { p.Item2.InputTopic, p.Item2.OutputTopic }).ToList();
        if (topics.Distinct(StringComparer.Ordinal).Count() != topics.Count)
        {
            throw new ArgumentException($"The six topics must differ: {string.Join(", ", pipelines.Select(p => $"{p.Item1}='{p.Item2.InputTopic}' → '{p.Item2.OutputTopic}'"))}.", nameof(Melspectrogram));
        }

        if (ChunkInterval < TimeSpan.Zero)
        {
            throw new ArgumentException($"ChunkInterval {ChunkInterval} is negative.", nameof(ChunkInterval));
        }

        ClientOptions().Validate();
    }
}
