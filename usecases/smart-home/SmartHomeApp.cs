using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Tensors;
using Vedliot.Pipelines;

namespace Vedliot.UseCases.SmartHome;

/// <summary>
/// The smart-home app: streams audio to the deployed <c>melspectrogram</c> pipeline and runs openWakeWord's
/// feature glue (<see cref="WakeWordFeatures"/>) between the three pipelines, turning mel results into windows
/// for <c>embedding</c> and embeddings into sequences for <c>hey-jarvis</c>, whose scores it reports.
/// </summary>
/// <remarks>
/// <para>
/// Each pipeline is reached through its own <see cref="PipelineClient"/> with
/// <see cref="PipelineClientOptions.Ordered"/> set: the client matches answers by correlation data, sends a
/// request again after a timeout, a re-placement or a reconnection, drops duplicate answers, and completes
/// answers in the order the requests were sent. The glue needs mel frames contiguous and embeddings
/// consecutive, which that order gives without any bookkeeping here.
/// </para>
/// <para>
/// A detection is three relays running side by side: the audio chunks go to <c>melspectrogram</c> as fast as
/// <see cref="SmartHomeAppOptions.ChunkInterval"/> allows; each mel answer, in order, yields the windows sent
/// to <c>embedding</c>; each embedding answer, in order, yields the sequence sent to <c>hey-jarvis</c>; and
/// the scores are yielded in order as they come. A relay that fails ends the ones after it with its error.
/// </para>
/// </remarks>
public sealed class SmartHomeApp : IAsyncDisposable
{
    private readonly SmartHomeAppOptions _options;
    private readonly PipelineClient _mel;
    private readonly PipelineClient _embedding;
    private readonly PipelineClient _wakeWord;
    private int _disposed;

    private SmartHomeApp(SmartHomeAppOptions options, PipelineClient mel, PipelineClient embedding, PipelineClient wakeWord)
    {
        _options = options;
        _mel = mel;
        _embedding = embedding;
        _wakeWord = wakeWord;
    }

    /// <summary>
    /// Starts a client per pipeline and waits until the three pipelines' notices say they run.
    /// </summary>
    /// <param name="mqtt">A connected MQTT 5.0 client (correlation data needs 5.0); not owned (the caller disposes it after this app).</param>
    /// <param name="options">The three pipelines, pacing and timeouts; validated here.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The app, ready to detect.</returns>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="WakeWordPipelineException">The broker refused a subscription, or a pipeline was stopped.</exception>
    /// <exception cref="TimeoutException">A pipeline did not run within <see cref="SmartHomeAppOptions.StartTimeout"/> (the message names it).</exception>
    public static async Task<SmartHomeApp> StartAsync(MqttClient mqtt, SmartHomeAppOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mqtt);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var starts = new[] { options.Melspectrogram, options.Embedding, options.WakeWord }
            .Select(endpoint => PipelineClient.StartAsync(mqtt, endpoint, options.ClientOptions(), cancellationToken))
            .ToArray();
        try
        {
            var clients = await Task.WhenAll(starts).ConfigureAwait(false);
            return new SmartHomeApp(options, clients[0], clients[1], clients[2]);
        }
        catch (Exception e)
        {
            foreach (var started in starts.Where(s => s.IsCompletedSuccessfully))
            {
                await (await started.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }

            if (e is PipelineRequestException)
            {
                throw new WakeWordPipelineException(e.Message, e);
            }

            throw;
        }
    }

    /// <summary>
    /// Streams <paramref name="audio"/> through the three pipelines and yields one score per embedding sequence,
    /// in audio order (see <see cref="DetectAsync(IAsyncEnumerable{ReadOnlyMemory{float}}, CancellationToken)"/>).
    /// </summary>
    /// <param name="audio">16 kHz mono samples in int16 scale (see <see cref="SpeechSample"/>).</param>
    /// <param name="cancellationToken">Stops sending and waiting.</param>
    /// <returns>The scores, each with the time in the audio it refers to.</returns>
    /// <exception cref="WakeWordPipelineException">A pipeline answered with an error or an unusable result, was stopped, or refused a request.</exception>
    /// <exception cref="TimeoutException">A request was not answered after <see cref="SmartHomeAppOptions.MaxAttempts"/> sendings (the message names the pipeline and request).</exception>
    public IAsyncEnumerable<WakeWordScore> DetectAsync(ReadOnlyMemory<float> audio, CancellationToken cancellationToken = default) =>
        DetectAsync(AudioChunks.Once(audio), cancellationToken);

    /// <summary>
    /// Streams <paramref name="audio"/> through the three pipelines as it comes and yields one score per embedding
    /// sequence, in audio order. The audio is sent in <see cref="WakeWordFeatures.ChunkSamples"/>-sample chunks
    /// (<see cref="AudioChunks"/>; the last one padded with zeros), no faster than
    /// <see cref="SmartHomeAppOptions.ChunkInterval"/>; the enumeration ends once the audio has ended and every
    /// request has been answered. Calls may run side by side: each has its own glue and its own requests.
    /// </summary>
    /// <param name="audio">Buffers of 16 kHz mono samples in int16 scale, of any lengths: a file's samples, a microphone's reads.</param>
    /// <param name="cancellationToken">Stops reading, sending and waiting.</param>
    /// <returns>The scores, each with the time in the audio it refers to.</returns>
    /// <exception cref="WakeWordPipelineException">A pipeline answered with an error or an unusable result, was stopped, or refused a request.</exception>
    /// <exception cref="TimeoutException">A request was not answered after <see cref="SmartHomeAppOptions.MaxAttempts"/> sendings (the message names the pipeline and request).</exception>
    /// <exception cref="ArgumentException">A sample is not a finite number.</exception>
    public async IAsyncEnumerable<WakeWordScore> DetectAsync(IAsyncEnumerable<ReadOnlyMemory<float>> audio, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        // Each relay has glue of its own.
        var windows = new WakeWordFeatures();
        var sequences = new WakeWordFeatures();
        var melRequests = Requests();
        var windowRequests = Requests();
        var sequenceRequests = Requests();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var relays = new[]
        {
            SendAudioAsync(audio, melRequests.Writer, stop.Token),
            RelayAsync(_mel, melRequests.Reader, (values, shape) => windows.AddMel(values, shape), _embedding, WakeWordFeatures.MelWindowShape, windowRequests.Writer, stop.Token),
            RelayAsync(_embedding, windowRequests.Reader, (values, shape) => sequences.AddEmbedding(values, shape) is { } sequence ? [sequence] : [], _wakeWord, WakeWordFeatures.EmbeddingSequenceShape, sequenceRequests.Writer, stop.Token),
        };
        try
        {
            long scores = 0;
            await foreach (var request in sequenceRequests.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                var (values, shape) = await AnswerAsync(_wakeWord, request, stop.Token).ConfigureAwait(false);
                if (values.Length != 1 || shape.Any(d => d != 1))
                {
                    throw Unusable(_wakeWord, request, $"a score has shape [1, 1]; this one has [{string.Join(", ", shape)}]");
                }

                yield return new WakeWordScore((ulong)scores + 1, WakeWordFeatures.AudioEndOfSequence(scores), values[0]);
                scores++;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(relays).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Stops the three clients: requests in flight are cancelled, their subscriptions dropped.</summary>
    /// <returns>A task that completes when done.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _wakeWord.DisposeAsync().ConfigureAwait(false);
        await _embedding.DisposeAsync().ConfigureAwait(false);
        await _mel.DisposeAsync().ConfigureAwait(false);
    }

    private static Channel<PipelineRequest> Requests() =>
        Channel.CreateUnbounded<PipelineRequest>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <summary>The first relay: each chunk with its context to <c>melspectrogram</c>, paced against the start so that delays do not add up.</summary>
    private async Task SendAudioAsync(IAsyncEnumerable<ReadOnlyMemory<float>> audio, ChannelWriter<PipelineRequest> sent, CancellationToken cancellationToken)
    {
        try
        {
            var features = new WakeWordFeatures();
            var time = _options.TimeProvider;
            var started = time.GetTimestamp();
            await foreach (var chunk in AudioChunks.OfAsync(audio, cancellationToken).ConfigureAwait(false))
            {
                var melInput = features.AddAudio(chunk);
                var due = (_options.ChunkInterval * (features.ChunkCount - 1)) - time.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, time, cancellationToken).ConfigureAwait(false);
                }

                sent.TryWrite(await SubmitAsync(_mel, melInput, WakeWordFeatures.MelInputShape, cancellationToken).ConfigureAwait(false));
            }

            sent.TryComplete();
        }
        catch (Exception e)
        {
            sent.TryComplete(e);
        }
    }

    /// <summary>A later relay: the answers of <paramref name="from"/>, in order, through <paramref name="glue"/> to <paramref name="to"/>.</summary>
    private static async Task RelayAsync(
        PipelineClient from,
        ChannelReader<PipelineRequest> requests,
        Func<float[], long[], IReadOnlyList<float[]>> glue,
        PipelineClient to,
        IReadOnlyList<long> shape,
        ChannelWriter<PipelineRequest> sent,
        CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var request in requests.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var (values, answerShape) = await AnswerAsync(from, request, cancellationToken).ConfigureAwait(false);
                IReadOnlyList<float[]> inputs;
                try
                {
                    inputs = glue(values, answerShape);
                }
                catch (ArgumentException e)
                {
                    throw Unusable(from, request, e.Message);
                }

                foreach (var input in inputs)
                {
                    sent.TryWrite(await SubmitAsync(to, input, shape, cancellationToken).ConfigureAwait(false));
                }
            }

            sent.TryComplete();
        }
        catch (Exception e)
        {
            sent.TryComplete(e);
        }
    }

    private static async Task<PipelineRequest> SubmitAsync(PipelineClient client, float[] values, IReadOnlyList<long> shape, CancellationToken cancellationToken)
    {
        var frame = new TensorFrame { ElementType = TensorElementType.Float32, Shape = shape, Data = MemoryMarshal.AsBytes(values.AsSpan()).ToArray() };
        try
        {
            return await client.SubmitAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is PipelineRequestException or ArgumentException)
        {
            // The broker refused the request, or the pipeline's notice says it takes other inputs than one frame.
            throw new WakeWordPipelineException($"sending to pipeline '{client.Endpoint.Pipeline}' failed: {e.Message}", e);
        }
    }

    /// <summary>The answer to <paramref name="request"/> as float32 values and a shape, copied out of the answer.</summary>
    private static async Task<(float[] Values, long[] Shape)> AnswerAsync(PipelineClient client, PipelineRequest request, CancellationToken cancellationToken)
    {
        PipelineAnswer answer;
        try
        {
            answer = await request.Answer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PipelineRequestException e)
        {
            throw new WakeWordPipelineException(e.Message, e);
        }

        if (answer.Tensors.Count != 1)
        {
            throw Unusable(client, request, $"it holds {answer.Tensors.Count} tensors [{string.Join(", ", answer.Tensors.Select(t => t.Name))}], not one");
        }

        var frame = answer.Tensors[0].Frame;
        if (frame.ElementType != TensorElementType.Float32)
        {
            throw Unusable(client, request, $"the frame holds {frame.ElementType}, not Float32");
        }

        try
        {
            return (TensorFrameCodec.GetElements<float>(frame).ToArray(), [.. frame.Shape]);
        }
        catch (ArgumentException e)
        {
            throw Unusable(client, request, e.Message);
        }
    }

    private static WakeWordPipelineException Unusable(PipelineClient client, PipelineRequest request, string problem) =>
        new($"pipeline '{client.Endpoint.Pipeline}' answered request {request.Sequence} with an unusable result: {problem}");
}
