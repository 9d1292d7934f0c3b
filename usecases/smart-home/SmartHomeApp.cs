using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tensors;

namespace Vedliot.UseCases.SmartHome;

/// <summary>
/// The smart-home app: streams audio to the deployed <c>melspectrogram</c> pipeline and runs
/// openWakeWord's feature glue (<see cref="WakeWordFeatures"/>) between the three pipelines over MQTT,
/// turning mel results into windows for <c>embedding</c> and embeddings into sequences for
/// <c>hey-jarvis</c>, whose scores it reports.
/// </summary>
/// <remarks>
/// <para>
/// Every message is one <see cref="TensorFrame"/> of float32 (<see cref="TensorMessages"/>), published at
/// QoS 1 with request ids counting from 1 on each input topic, and MQTT 5.0 correlation data made of a
/// per-call run id (16 bytes) and the request id (8 bytes, big-endian). The pipeline gateway echoes both
/// in its one answer per request, so answers to other apps sharing the topics are ignored; an MQTT 3.1.1
/// connection, which drops correlation data, therefore gets no answers.
/// </para>
/// <para>
/// Answers are put back in request order before they enter the glue. Order does not hold on the wire:
/// the gateway keeps several requests in flight at once and sends a request again after a timeout or a
/// re-placement (first answer wins), so a later request can be answered first, and QoS 1 may deliver an
/// answer twice. The glue needs mel frames contiguous and embeddings consecutive, so each stream is
/// reordered by request id and duplicates are dropped; scores are reported in order too.
/// </para>
/// </remarks>
public sealed class SmartHomeApp : IAsyncDisposable
{
    private const int RunIdLength = 16;
    private const int CorrelationLength = RunIdLength + sizeof(ulong);

    private readonly MqttClient _client;
    private readonly SmartHomeAppOptions _options;
    private Run? _run;
    private bool _subscribed;
    private int _disposed;

    /// <summary>Creates the app over a client; nothing is sent until <see cref="DetectAsync"/>.</summary>
    /// <param name="client">A connected MQTT 5.0 client; not owned (the caller disposes it after this app).</param>
    /// <param name="options">The manifest's topics, pacing and timeout; validated here.</param>
    public SmartHomeApp(MqttClient client, SmartHomeAppOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _client = client;
        _options = options;
        _client.MessageReceivedAsync += OnMessageReceivedAsync;
    }

    private enum Stage
    {
        Mel,
        Embedding,
        WakeWord,
    }

    /// <summary>
    /// Streams <paramref name="audio"/> through the three pipelines and yields one score per embedding
    /// sequence, in audio order. The audio is sent in <see cref="WakeWordFeatures.ChunkSamples"/>-sample
    /// chunks (the last one padded with zeros); the enumeration ends once every request has been answered.
    /// One call at a time.
    /// </summary>
    /// <param name="audio">16 kHz mono samples in int16 scale (see <see cref="SpeechSample"/>).</param>
    /// <param name="cancellationToken">Stops sending and waiting.</param>
    /// <returns>The scores, each with the time in the audio it refers to.</returns>
    /// <exception cref="InvalidOperationException">Another call is running.</exception>
    /// <exception cref="WakeWordPipelineException">A pipeline answered with an error or an unusable result.</exception>
    /// <exception cref="TimeoutException">No expected answer arrived within <see cref="SmartHomeAppOptions.ResultTimeout"/>.</exception>
    public async IAsyncEnumerable<WakeWordScore> DetectAsync(ReadOnlyMemory<float> audio, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var run = new Run();
        if (Interlocked.CompareExchange(ref _run, run, null) is not null)
        {
            throw new InvalidOperationException("DetectAsync is already running; the topics carry one stream at a time per app.");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sending = Task.CompletedTask;
        try
        {
            await EnsureSubscribedAsync(cancellationToken).ConfigureAwait(false);

            // Mel inputs depend only on the audio: make them all up front, in order.
            var features = new WakeWordFeatures();
            var chunks = (int)((audio.Length + WakeWordFeatures.ChunkSamples - 1L) / WakeWordFeatures.ChunkSamples);
            var melInputs = new float[chunks][];
            var chunk = new float[WakeWordFeatures.ChunkSamples];
            for (var k = 0; k < chunks; k++)
            {
                Array.Clear(chunk);
                var start = k * WakeWordFeatures.ChunkSamples;
                audio.Span.Slice(start, Math.Min(WakeWordFeatures.ChunkSamples, audio.Length - start)).CopyTo(chunk);
                melInputs[k] = features.AddAudio(chunk);
            }

            sending = SendAudioAsync(run, melInputs, stop.Token);

            ulong nextMel = 1, nextEmbedding = 1, nextScore = 1, windowsSent = 0, sequencesSent = 0;
            var pending = new Dictionary<Stage, SortedDictionary<ulong, Answer>>
            {
                [Stage.Mel] = [],
                [Stage.Embedding] = [],
                [Stage.WakeWord] = [],
            };
            while (true)
            {
                // Windows are sent only as mel answers are taken, and sequences as embeddings are.
                var awaited = nextMel <= (ulong)chunks ? (Stage.Mel, nextMel)
                    : nextEmbedding <= windowsSent ? (Stage.Embedding, nextEmbedding)
                    : nextScore <= sequencesSent ? (Stage.WakeWord, nextScore)
                    : ((Stage, ulong)?)null;
                if (awaited is null)
                {
                    break;
                }

                var answer = await ReadAnswerAsync(run, awaited.Value.Item1, awaited.Value.Item2, stop.Token).ConfigureAwait(false);
                var limit = answer.Stage switch
                {
                    Stage.Mel => (First: nextMel, Last: (ulong)chunks),
                    Stage.Embedding => (First: nextEmbedding, Last: windowsSent),
                    _ => (First: nextScore, Last: sequencesSent),
                };
                if (answer.RequestId < limit.First || answer.RequestId > limit.Last || pending[answer.Stage].ContainsKey(answer.RequestId))
                {
                    continue; // a duplicate (QoS 1 redelivery or a repeated attempt) or an id never sent
                }

                if (answer.Error is { } error)
                {
                    throw new WakeWordPipelineException($"'{TopicOf(answer.Stage)}' answered request {answer.RequestId} with an error: {error}");
                }

                pending[answer.Stage].Add(answer.RequestId, answer);

                while (pending[Stage.Mel].Remove(nextMel, out var mel))
                {
                    foreach (var window in Take(mel, () => features.AddMel(mel.Values, mel.Shape)))
                    {
                        await PublishAsync(run, _options.MelWindowsTopic, ++windowsSent, window, WakeWordFeatures.MelWindowShape, stop.Token).ConfigureAwait(false);
                    }

                    nextMel++;
                }

                while (pending[Stage.Embedding].Remove(nextEmbedding, out var embedding))
                {
                    if (Take(embedding, () => features.AddEmbedding(embedding.Values, embedding.Shape)) is { } sequence)
                    {
                        await PublishAsync(run, _options.EmbeddingWindowsTopic, ++sequencesSent, sequence, WakeWordFeatures.EmbeddingSequenceShape, stop.Token).ConfigureAwait(false);
                    }

                    nextEmbedding++;
                }

                while (pending[Stage.WakeWord].Remove(nextScore, out var score))
                {
                    if (score.Values.Length != 1 || score.Shape.Any(d => d != 1))
                    {
                        throw Unusable(score, $"a score has shape [1, 1]; this one has [{string.Join(", ", score.Shape)}]");
                    }

                    yield return new WakeWordScore(nextScore, WakeWordFeatures.AudioEndOfSequence((long)nextScore - 1), score.Values[0]);
                    nextScore++;
                }
            }

            await sending.ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await sending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Volatile.Write(ref _run, null);
        }
    }

    /// <summary>Stops listening: detaches from the client and, if it is connected, unsubscribes from the output topics.</summary>
    /// <returns>A task that completes when done.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _client.MessageReceivedAsync -= OnMessageReceivedAsync;
        if (_subscribed && _client.IsConnected)
        {
            try
            {
                await _client.UnsubscribeAsync(OutputTopics).ConfigureAwait(false);
            }
            catch (MqttNotConnectedException)
            {
                // The connection closed meanwhile; its session forgets the subscriptions or the broker keeps them for a later client.
            }
        }
    }

    private string[] OutputTopics => [_options.MelTopic, _options.EmbeddingTopic, _options.WakeWordTopic];

    private Stage? StageOf(string topic) =>
        topic == _options.MelTopic ? Stage.Mel
        : topic == _options.EmbeddingTopic ? Stage.Embedding
        : topic == _options.WakeWordTopic ? Stage.WakeWord
        : null;

    private string TopicOf(Stage stage) => stage switch
    {
        Stage.Mel => _options.MelTopic,
        Stage.Embedding => _options.EmbeddingTopic,
        _ => _options.WakeWordTopic,
    };

    private async Task EnsureSubscribedAsync(CancellationToken cancellationToken)
    {
        if (_subscribed)
        {
            return;
        }

        var filters = OutputTopics.Select(t => new MqttTopicFilter { Filter = t, QualityOfService = MqttQualityOfService.AtLeastOnce }).ToList();
        var subAck = await _client.SubscribeAsync(filters, cancellationToken: cancellationToken).ConfigureAwait(false);
        var refused = filters.Zip(subAck.ReasonCodes).Where(p => (byte)p.Second >= 0x80).ToList();
        if (refused.Count > 0)
        {
            throw new WakeWordPipelineException($"The broker refused the subscriptions {string.Join(", ", refused.Select(p => $"'{p.First.Filter}' ({p.Second})"))}.");
        }

        _subscribed = true;
    }

    private async Task SendAudioAsync(Run run, float[][] melInputs, CancellationToken cancellationToken)
    {
        try
        {
            var time = _options.TimeProvider;
            var started = time.GetTimestamp();
            for (var k = 0; k < melInputs.Length; k++)
            {
                // Pace against the start, not the previous send, so that delays do not add up.
                var due = (_options.ChunkInterval * k) - time.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, time, cancellationToken).ConfigureAwait(false);
                }

                await PublishAsync(run, _options.AudioTopic, (ulong)k + 1, melInputs[k], WakeWordFeatures.MelInputShape, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            run.Answers.Writer.TryWrite(new Answer(Stage.Mel, 0, [], [], null, e));
            throw;
        }
    }

    private async Task PublishAsync(Run run, string topic, ulong requestId, float[] values, IReadOnlyList<long> shape, CancellationToken cancellationToken)
    {
        var data = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * sizeof(float)), values[i]);
        }

        var frame = new TensorFrame { ElementType = TensorElementType.Float32, Shape = shape, RequestId = requestId, Data = data };
        var correlation = new byte[CorrelationLength];
        run.Id.CopyTo(correlation, 0);
        BinaryPrimitives.WriteUInt64BigEndian(correlation.AsSpan(RunIdLength), requestId);
        var message = TensorMessages.Create(topic, frame, MqttQualityOfService.AtLeastOnce);
        var result = await _client.PublishAsync(
            new MqttApplicationMessage
            {
                Topic = message.Topic,
                Payload = message.Payload,
                ContentType = message.ContentType,
                QualityOfService = message.QualityOfService,
                CorrelationData = correlation,
            },
            cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw new WakeWordPipelineException($"The broker refused request {requestId} on '{topic}': {result.ReasonCode} {result.ReasonString}".TrimEnd());
        }
    }

    private async Task<Answer> ReadAnswerAsync(Run run, Stage awaitedStage, ulong awaitedId, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ResultTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        Answer answer;
        try
        {
            answer = await run.Answers.Reader.ReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No answer to request {awaitedId} on '{TopicOf(awaitedStage)}' within {_options.ResultTimeout.TotalSeconds:0.###} s (answers are matched by MQTT 5.0 correlation data).");
        }

        if (answer.SendFailure is { } failure)
        {
            throw new WakeWordPipelineException($"Sending audio to '{_options.AudioTopic}' failed: {failure.Message}", failure);
        }

        return answer;
    }

    private T Take<T>(Answer answer, Func<T> glue)
    {
        try
        {
            return glue();
        }
        catch (ArgumentException e)
        {
            throw Unusable(answer, e.Message);
        }
    }

    private WakeWordPipelineException Unusable(Answer answer, string problem) =>
        new($"'{TopicOf(answer.Stage)}' answered request {answer.RequestId} with an unusable result: {problem}");

    /// <summary>Runs in the client's receive loop: turns an answer into an <see cref="Answer"/> for the running call. Never blocks.</summary>
    private Task OnMessageReceivedAsync(MqttMessageReceivedEventArgs args)
    {
        var run = Volatile.Read(ref _run);
        var message = args.Message;
        if (run is null || StageOf(message.Topic) is not { } stage || !TryReadCorrelation(message.CorrelationData, run.Id, out var requestId))
        {
            return Task.CompletedTask; // nothing running, another topic, or another app's (or an earlier call's) answer
        }

        run.Answers.Writer.TryWrite(Decode(stage, requestId, message));
        return Task.CompletedTask;
    }

    /// <summary>Copies what is needed out of the message: its payload lives in a pooled receive buffer.</summary>
    private static Answer Decode(Stage stage, ulong requestId, MqttApplicationMessage message)
    {
        if (message.ContentType is { } type && type != TensorMessages.ContentType)
        {
            return new Answer(stage, requestId, [], [], ErrorText(message.Payload.Span), null);
        }

        if (!TensorFrameCodec.TryDecode(message.Payload, out var frame, out var problem))
        {
            return new Answer(stage, requestId, [], [], problem, null);
        }

        if (frame.RequestId != requestId)
        {
            return new Answer(stage, requestId, [], [], $"the frame's request id {frame.RequestId} differs from the correlation data's {requestId}", null);
        }

        if (frame.ElementType != TensorElementType.Float32)
        {
            return new Answer(stage, requestId, [], [], $"the frame holds {frame.ElementType}, not Float32", null);
        }

        var values = new float[frame.Data.Length / sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(frame.Data.Span[(i * sizeof(float))..]);
        }

        return new Answer(stage, requestId, values, [.. frame.Shape], null, null);
    }

    /// <summary>An error answer's text: the "message" of a JSON error reply, otherwise the payload as UTF-8.</summary>
    private static string ErrorText(ReadOnlySpan<byte> payload)
    {
        var text = Encoding.UTF8.GetString(payload);
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in json.RootElement.EnumerateObject())
                {
                    if (property.NameEquals("message") || property.NameEquals("Message"))
                    {
                        return property.Value.ToString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the text itself is the best description.
        }

        return text;
    }

    private static bool TryReadCorrelation(ReadOnlyMemory<byte>? correlation, byte[] runId, out ulong requestId)
    {
        requestId = 0;
        if (correlation is not { Length: CorrelationLength } data || !data.Span[..RunIdLength].SequenceEqual(runId))
        {
            return false;
        }

        requestId = BinaryPrimitives.ReadUInt64BigEndian(data.Span[RunIdLength..]);
        return true;
    }

    /// <summary>One <see cref="DetectAsync"/> call: its run id and the answers addressed to it.</summary>
    private sealed class Run
    {
        public byte[] Id { get; } = Guid.NewGuid().ToByteArray();

        public Channel<Answer> Answers { get; } = Channel.CreateUnbounded<Answer>(new UnboundedChannelOptions { SingleReader = true });
    }

    /// <summary>An answer taken from a pipeline (values copied out of the message), or why there is none.</summary>
    private sealed record Answer(Stage Stage, ulong RequestId, float[] Values, long[] Shape, string? Error, Exception? SendFailure);
}
