using System.Collections.Concurrent;
using System.Threading.Channels;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Tensors;

namespace Vedliot.Pipelines;

/// <summary>
/// An app's connection to one pipeline of a deployment: sends each request to the pipeline's input topic with a
/// response topic and its own correlation data (<see cref="RequestId"/>), and completes the request with the one
/// answer the pipeline's last stage publishes there. No process other than the broker and the stage nodes is on the
/// way.
/// </summary>
/// <remarks>
/// <para>
/// Requests stay here, encoded once, until answered. One is sent again when its attempt goes unanswered for
/// <see cref="PipelineClientOptions.RequestTimeout"/>, when the pipeline's notice names a newer placement generation
/// than the one it went to (a re-placement may have lost it), and after a reconnection to the broker (whose restart
/// loses messages in flight). Each sending carries its own correlation data, so the first answer of any attempt wins
/// and later ones are dropped: every request is answered exactly once.
/// </para>
/// <para>
/// At most <see cref="PipelineClientOptions.MaxInFlight"/> requests are in flight. Answers complete as they arrive,
/// or in submission order when <see cref="PipelineClientOptions.Ordered"/> is set. The receive handler never waits:
/// sending again is the work of one owned task.
/// </para>
/// </remarks>
public sealed partial class PipelineClient : IAsyncDisposable
{
    private readonly MqttClient _mqtt;
    private readonly PipelineClientOptions _options;
    private readonly TimeProvider _time;
    private readonly Guid _id = Guid.NewGuid();
    private readonly string _responseTopic;
    private readonly ConcurrentDictionary<ulong, InFlightRequest> _flights = new();
    private readonly SemaphoreSlim _window;
    private readonly Channel<InFlightRequest> _resends = Channel.CreateUnbounded<InFlightRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly AnswerOrder? _order;
    private readonly LatencySamples _latencies = new();
    private readonly TaskCompletionSource<PipelineNotice> _running = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private PipelineNotice? _notice;
    private int _runningGeneration;
    private Task _resender = Task.CompletedTask;
    private long _nextSequence;
    private long _answered;
    private long _failed;
    private long _resent;
    private int _disposed;

    private PipelineClient(MqttClient mqtt, PipelineEndpoint endpoint, PipelineClientOptions options)
    {
        _mqtt = mqtt;
        Endpoint = endpoint;
        _options = options;
        _time = options.TimeProvider;
        _responseTopic = options.ResponseTopic ?? endpoint.OutputTopic;
        _window = new SemaphoreSlim(options.MaxInFlight, options.MaxInFlight);
        _order = options.Ordered ? new AnswerOrder() : null;
    }

    /// <summary>The pipeline this client sends to.</summary>
    public PipelineEndpoint Endpoint { get; }

    /// <summary>The task that sends requests again (for tests: it ends on dispose).</summary>
    internal Task ResenderTask => _resender;

    /// <summary>The pipeline's latest notice.</summary>
    public PipelineNotice? Notice => Volatile.Read(ref _notice);

    /// <summary>
    /// Subscribes to the pipeline's answers and notice, and waits until the notice says the pipeline runs.
    /// </summary>
    /// <param name="mqtt">A connected MQTT 5.0 client (automatic reconnection recommended); not owned. Correlation data needs MQTT 5.0.</param>
    /// <param name="endpoint">The pipeline.</param>
    /// <param name="options">Options, or null for the defaults; validated here.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The client, ready to send.</returns>
    /// <exception cref="PipelineRequestException">The broker refused a subscription, or the notice says the pipeline stopped.</exception>
    /// <exception cref="PipelineTimeoutException">No notice said the pipeline runs within <see cref="PipelineClientOptions.StartTimeout"/>.</exception>
    public static async Task<PipelineClient> StartAsync(MqttClient mqtt, PipelineEndpoint endpoint, PipelineClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mqtt);
        ArgumentNullException.ThrowIfNull(endpoint);
        options ??= new PipelineClientOptions();
        options.Validate();
        var client = new PipelineClient(mqtt, endpoint, options);
        try
        {
            await client.ListenAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends one tensor frame to a pipeline of one input; returns once the broker has it.</summary>
    /// <param name="input">The input; its ids are set here.</param>
    /// <param name="cancellationToken">Cancels waiting for a free slot and the first sending.</param>
    /// <returns>The request and the task of its answer.</returns>
    /// <exception cref="ArgumentException">The pipeline takes several inputs.</exception>
    public Task<PipelineRequest> SubmitAsync(TensorFrame input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var inputs = Notice?.Inputs ?? [];
        if (inputs.Count != 1)
        {
            throw new ArgumentException($"pipeline '{Endpoint.Pipeline}' takes {inputs.Count} inputs [{string.Join(", ", inputs)}]; send them as named tensors", nameof(input));
        }

        return SubmitAsync(sequence => (TensorFrameCodec.Encode(Stamp(input, sequence)), TensorMessages.ContentType), cancellationToken);
    }

    /// <summary>Sends named tensors (one bundle) to the pipeline; returns once the broker has them.</summary>
    /// <param name="inputs">One tensor per model input, named as the model names them; their ids are set here.</param>
    /// <param name="cancellationToken">Cancels waiting for a free slot and the first sending.</param>
    /// <returns>The request and the task of its answer.</returns>
    /// <exception cref="ArgumentException">The names differ from the model's inputs (the message lists both).</exception>
    public Task<PipelineRequest> SubmitAsync(IReadOnlyList<NamedTensor> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var expected = Notice?.Inputs ?? [];
        if (!inputs.Select(t => t.Name).Order(StringComparer.Ordinal).SequenceEqual(expected.Order(StringComparer.Ordinal)))
        {
            throw new ArgumentException($"pipeline '{Endpoint.Pipeline}' takes [{string.Join(", ", expected)}]; the request carries [{string.Join(", ", inputs.Select(t => t.Name))}]", nameof(inputs));
        }

        return SubmitAsync(
            sequence => (TensorBundleCodec.Encode(new TensorBundle { RequestId = sequence, Tensors = [.. inputs.Select(t => new NamedTensor { Name = t.Name, Frame = Stamp(t.Frame, sequence) })] }), TensorMessages.BundleContentType),
            cancellationToken);
    }

    /// <summary>Sends one tensor frame and waits for its answer.</summary>
    /// <param name="input">The input.</param>
    /// <param name="cancellationToken">Cancels the sending and the wait (the request itself stays in flight until answered or given up).</param>
    /// <returns>The answer.</returns>
    public async Task<PipelineAnswer> SendAsync(TensorFrame input, CancellationToken cancellationToken = default)
    {
        var request = await SubmitAsync(input, cancellationToken).ConfigureAwait(false);
        return await request.Answer.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The client's counters now.</summary>
    /// <returns>The statistics.</returns>
    public PipelineClientStatistics Statistics() => new(
        Interlocked.Read(ref _nextSequence),
        Interlocked.Read(ref _answered),
        Interlocked.Read(ref _failed),
        Interlocked.Read(ref _resent),
        _flights.Count,
        _latencies.Percentile(50),
        _latencies.Percentile(95));

    /// <summary>Stops: requests still in flight are cancelled, the subscriptions dropped (when connected).</summary>
    /// <returns>A task that completes when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _mqtt.MessageReceivedAsync -= OnMessageAsync;
        _mqtt.ConnectedAsync -= OnConnectedAsync;
        _resends.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _resender.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var flight in _flights.Values)
        {
            if (_flights.TryRemove(flight.Sequence, out _))
            {
                flight.Timer?.Dispose();
                if (_order is { } order)
                {
                    // Through the order, so that answers held behind this one are released too.
                    order.Release(flight.Sequence, () => flight.Answer.TrySetCanceled());
                }
                else
                {
                    flight.Answer.TrySetCanceled();
                }
            }
        }

        _order?.Flush();
        _running.TrySetCanceled();
        await UnsubscribeAsync().ConfigureAwait(false);
        _stop.Dispose();
        _window.Dispose();
    }

    private async Task<PipelineRequest> SubmitAsync(Func<ulong, (byte[] Payload, string ContentType)> encode, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Notice is { State: PipelineState.Stopped } stopped)
        {
            throw new PipelineRequestException($"pipeline '{Endpoint.Pipeline}' was stopped{(stopped.Reason.Length > 0 ? ": " + stopped.Reason : string.Empty)}; no answer would come");
        }

        await WaitForSlotAsync(cancellationToken).ConfigureAwait(false);
        var sequence = (ulong)Interlocked.Increment(ref _nextSequence);
        InFlightRequest flight;
        try
        {
            var (payload, contentType) = encode(sequence);
            flight = new InFlightRequest(sequence, payload, contentType, _time.GetTimestamp());
            flight.Timer = _time.CreateTimer(state => OnTimeout((InFlightRequest)state!), flight, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _flights[sequence] = flight;
            await SendAsync(flight, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (_flights.TryRemove(sequence, out var failed))
            {
                failed.Timer?.Dispose();
            }

            _order?.Skip(sequence);
            _window.Release();
            throw;
        }

        return new PipelineRequest(sequence, flight.Answer.Task);
    }

    /// <summary>Waits for a free slot of the window; a wait still going when the client is disposed ends with <see cref="ObjectDisposedException"/>.</summary>
    private async Task WaitForSlotAsync(CancellationToken cancellationToken)
    {
        var stopped = false;
        try
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
            await _window.WaitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectDisposedException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            stopped = true;
        }

        ObjectDisposedException.ThrowIf(stopped || Volatile.Read(ref _disposed) != 0, this);
    }

    private static TensorFrame Stamp(TensorFrame frame, ulong sequence) => new()
    {
        ElementType = frame.ElementType,
        Shape = frame.Shape,
        Data = frame.Data,
        RequestId = sequence,
    };
}
