using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.RequestResponse;
using Vedliot.Messaging.Tensors;
using Vedliot.Runtime.Deployment.Protocol;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>
/// The entry and exit of one pipeline: takes each message on the manifest's input topic, gives it a
/// request id, sends it to the current placement's first stage, and publishes exactly one answer per
/// request on the output topic (the result, or an error saying why there is none).
/// </summary>
/// <remarks>
/// <para>
/// Requests stay in flight here, with their inputs, until answered: after a re-placement, a broker
/// restart or a timeout they are sent again. The wire request id is <c>sequence × 256 + attempt</c>, so
/// that stages drop QoS 1 redeliveries of one attempt (same id) but run a new attempt (new id) even if
/// they ran the old one; the first result for a sequence wins and later ones are dropped.
/// </para>
/// <para>At most <see cref="OrchestratorOptions.MaxInFlightPerPipeline"/> requests are in flight (the pipelining depth); the rest wait here in arrival order.</para>
/// </remarks>
internal sealed class PipelineGateway : IAsyncDisposable
{
    private const int AttemptBits = 8;
    private static readonly TimeSpan ThroughputWindow = TimeSpan.FromSeconds(10);

    private readonly MqttClient _client;
    private readonly OrchestratorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<MqttApplicationMessage> _arrivals = Channel.CreateUnbounded<MqttApplicationMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<ulong, InFlightRequest> _inFlight = new();
    private readonly SemaphoreSlim _window;
    private readonly LatencyWindow _latency = new();
    private readonly ConcurrentQueue<long> _completionTimes = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _routeLock = new();
    private TaskCompletionSource<StageRoute> _route = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // The route _route holds once set (null while suspended), for readers that must not wait for one.
    private StageRoute? _currentRoute;
    private Task _worker = Task.CompletedTask;
    private long _startedAt;
    private long _nextSequence;
    private long _accepted;
    private long _completed;
    private long _resent;
    private long _failed;

    public PipelineGateway(MqttClient client, PipelineSpec spec, ulong pipelineId, IReadOnlyList<string> modelInputs, OrchestratorOptions options, TimeProvider time, ILogger logger)
    {
        _client = client;
        Spec = spec;
        PipelineId = pipelineId;
        ModelInputs = modelInputs;
        _options = options;
        _time = time;
        _logger = logger;
        _window = new SemaphoreSlim(options.MaxInFlightPerPipeline, options.MaxInFlightPerPipeline);
    }

    public PipelineSpec Spec { get; }

    public ulong PipelineId { get; }

    public IReadOnlyList<string> ModelInputs { get; }

    /// <summary>The placement generation requests currently go to, or null while the pipeline is being (re)placed.</summary>
    public int? Generation => Volatile.Read(ref _currentRoute)?.Generation;

    public string? ResultsTopic => Volatile.Read(ref _currentRoute)?.ResultsTopic;

    public void Start() => _worker = Task.Run(() => ForwardArrivalsAsync(_stop.Token));

    /// <summary>Takes a message from the input topic (called from the client's receive handler; does not block).</summary>
    public void Accept(MqttApplicationMessage message) => _arrivals.Writer.TryWrite(MqttMessages.Detach(message));

    /// <summary>Sends requests to a new placement from now on, and every request in flight to it again.</summary>
    public async Task RouteAsync(int generation, string firstStageTopic, string resultsTopic, CancellationToken cancellationToken)
    {
        var route = new StageRoute(generation, firstStageTopic, resultsTopic);
        lock (_routeLock)
        {
            if (!_route.TrySetResult(route))
            {
                _route = new TaskCompletionSource<StageRoute>(TaskCreationOptions.RunContinuationsAsynchronously);
                _route.SetResult(route);
            }

            Volatile.Write(ref _currentRoute, route);
        }

        await ResendAsync(_ => true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Holds requests back while the pipeline is re-placed.</summary>
    public void Suspend()
    {
        lock (_routeLock)
        {
            if (_route.Task.IsCompleted)
            {
                _route = new TaskCompletionSource<StageRoute>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            Volatile.Write(ref _currentRoute, null);
        }
    }

    /// <summary>Sends again every request unanswered for longer than the request timeout.</summary>
    public Task ResendOverdueAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        return ResendAsync(r => _time.GetElapsedTime(r.LastSent, now) >= _options.RequestTimeout, cancellationToken);
    }

    /// <summary>Sends again every request in flight (after the connection to the broker was re-established).</summary>
    public Task ResendAllAsync(CancellationToken cancellationToken) => ResendAsync(_ => true, cancellationToken);

    /// <summary>Takes a message from the current placement's results topic (called from the receive handler).</summary>
    public async Task OnResultAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        if (message.Topic != ResultsTopic)
        {
            return; // a replaced placement's late result; its request was sent again
        }

        if (message.ContentType == ProtocolContentTypes.Error)
        {
            var id = message.UserProperties.FirstOrDefault(p => p.Name == "request-id").Value;
            if (ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var failedId) && _inFlight.TryRemove(failedId >> AttemptBits, out var failed))
            {
                var error = DeploymentMessages.Read<ErrorReply>(message, ProtocolContentTypes.Error);
                await AnswerWithErrorAsync(failed.Arrival, $"pipeline '{Spec.Name}' stage failed: {error.Message}", cancellationToken).ConfigureAwait(false);
                Finish(failed, succeeded: false);
            }

            return;
        }

        TensorBundle result;
        try
        {
            result = TensorMessages.ReadBundle(message, "output");
        }
        catch (TensorFrameException e)
        {
            OrchestratorLog.BadResult(_logger, Spec.Name, e.Message);
            return;
        }

        if (!_inFlight.TryRemove(result.RequestId >> AttemptBits, out var request))
        {
            return; // already answered: a duplicate, or the result of an earlier attempt
        }

        await _client.PublishAsync(Answer(request, result), cancellationToken).ConfigureAwait(false);
        Finish(request, succeeded: true);
    }

    public PipelineCounters Counters()
    {
        var now = _time.GetTimestamp();
        while (_completionTimes.TryPeek(out var t) && _time.GetElapsedTime(t, now) > ThroughputWindow)
        {
            _completionTimes.TryDequeue(out _);
        }

        var window = Math.Min(ThroughputWindow.TotalSeconds, _time.GetElapsedTime(_startedAt, now).TotalSeconds);
        return new PipelineCounters(
            Interlocked.Read(ref _accepted),
            Interlocked.Read(ref _completed),
            Interlocked.Read(ref _failed),
            _inFlight.Count,
            Interlocked.Read(ref _resent),
            window > 0 ? _completionTimes.Count / window : 0,
            _latency.Percentile(50),
            _latency.Percentile(95));
    }

    public async ValueTask DisposeAsync()
    {
        _arrivals.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _worker.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        _window.Dispose();
    }

    private async Task ForwardArrivalsAsync(CancellationToken cancellationToken)
    {
        _startedAt = _time.GetTimestamp();
        await foreach (var arrival in _arrivals.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            TensorBundle input;
            try
            {
                input = TensorMessages.ReadBundle(arrival, ModelInputs[0]);
                var names = input.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal);
                if (!names.SequenceEqual(ModelInputs.Order(StringComparer.Ordinal)))
                {
                    throw new TensorFrameException($"the message carries tensors [{string.Join(", ", input.Tensors.Select(t => t.Name))}], the model takes [{string.Join(", ", ModelInputs)}]");
                }
            }
            catch (TensorFrameException e)
            {
                Interlocked.Increment(ref _accepted);
                Interlocked.Increment(ref _failed);
                await AnswerWithErrorAsync(arrival, $"{arrival.Topic}: {e.Message}", cancellationToken).ConfigureAwait(false);
                continue;
            }

            await _window.WaitAsync(cancellationToken).ConfigureAwait(false);
            var sequence = (ulong)Interlocked.Increment(ref _nextSequence);
            var request = new InFlightRequest(sequence, arrival, input, _time.GetTimestamp());
            _inFlight[sequence] = request;
            Interlocked.Increment(ref _accepted);
            await SendAsync(request, await _route.Task.WaitAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ResendAsync(Func<InFlightRequest, bool> due, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _currentRoute) is not { } route)
        {
            return; // being re-placed: everything goes out again once routed
        }

        foreach (var request in _inFlight.Values.Where(due).OrderBy(r => r.Sequence).ToList())
        {
            if (request.Attempt + 1 >= _options.MaxAttempts)
            {
                if (_inFlight.TryRemove(request.Sequence, out _))
                {
                    await AnswerWithErrorAsync(request.Arrival, string.Create(CultureInfo.InvariantCulture, $"pipeline '{Spec.Name}': no result after {_options.MaxAttempts} attempts"), cancellationToken).ConfigureAwait(false);
                    Finish(request, succeeded: false);
                }

                continue;
            }

            request.Attempt++;
            Interlocked.Increment(ref _resent);
            await SendAsync(request, route, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(InFlightRequest request, StageRoute route, CancellationToken cancellationToken)
    {
        request.LastSent = _time.GetTimestamp();
        var id = (request.Sequence << AttemptBits) | (uint)request.Attempt;
        var bundle = Stamp(request.Input, PipelineId, id, 0);
        await _client.PublishAsync(TensorMessages.CreateBundle(route.FirstStageTopic, bundle, MqttQualityOfService.AtLeastOnce), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The answer to the app: one tensor back as a frame when it sent a frame, otherwise a bundle; its own ids and correlation data kept.</summary>
    private MqttApplicationMessage Answer(InFlightRequest request, TensorBundle result)
    {
        var app = request.Input;
        var message = request.Arrival.ContentType != TensorMessages.BundleContentType && result.Tensors.Count == 1
            ? TensorMessages.Create(Spec.OutputTopic, Stamp(result.Tensors[0].Frame, app.PipelineId, app.RequestId, app.StageIndex), MqttQualityOfService.AtLeastOnce)
            : TensorMessages.CreateBundle(Spec.OutputTopic, Stamp(result, app.PipelineId, app.RequestId, app.StageIndex), MqttQualityOfService.AtLeastOnce);
        return new MqttApplicationMessage
        {
            Topic = message.Topic,
            Payload = message.Payload,
            ContentType = message.ContentType,
            QualityOfService = message.QualityOfService,
            CorrelationData = request.Arrival.CorrelationData,
        };
    }

    private Task<MqttPublishResult> AnswerWithErrorAsync(MqttApplicationMessage arrival, string reason, CancellationToken cancellationToken)
    {
        OrchestratorLog.RequestFailed(_logger, Spec.Name, reason);
        var message = DeploymentMessages.Create(Spec.OutputTopic, ProtocolContentTypes.Error, new ErrorReply(reason));
        return _client.PublishAsync(new MqttApplicationMessage
        {
            Topic = message.Topic,
            Payload = message.Payload,
            ContentType = message.ContentType,
            PayloadFormat = message.PayloadFormat,
            QualityOfService = message.QualityOfService,
            CorrelationData = arrival.CorrelationData,
        }, cancellationToken);
    }

    private void Finish(InFlightRequest request, bool succeeded)
    {
        var now = _time.GetTimestamp();
        Interlocked.Increment(ref succeeded ? ref _completed : ref _failed);
        if (succeeded)
        {
            _latency.Add(_time.GetElapsedTime(request.Accepted, now).TotalMilliseconds);
            _completionTimes.Enqueue(now);
        }

        _window.Release();
    }

    private static TensorBundle Stamp(TensorBundle bundle, ulong pipelineId, ulong requestId, uint stageIndex) => new()
    {
        PipelineId = pipelineId,
        RequestId = requestId,
        StageIndex = stageIndex,
        Tensors = [.. bundle.Tensors.Select(t => new NamedTensor { Name = t.Name, Frame = Stamp(t.Frame, pipelineId, requestId, stageIndex) })],
    };

    private static TensorFrame Stamp(TensorFrame frame, ulong pipelineId, ulong requestId, uint stageIndex) => new()
    {
        ElementType = frame.ElementType,
        Shape = frame.Shape,
        Data = frame.Data,
        PipelineId = pipelineId,
        RequestId = requestId,
        StageIndex = stageIndex,
    };

    private sealed record StageRoute(int Generation, string FirstStageTopic, string ResultsTopic);

    private sealed class InFlightRequest(ulong sequence, MqttApplicationMessage arrival, TensorBundle input, long accepted)
    {
        public ulong Sequence { get; } = sequence;

        public MqttApplicationMessage Arrival { get; } = arrival;

        public TensorBundle Input { get; } = input;

        public long Accepted { get; } = accepted;

        public int Attempt { get; set; }

        public long LastSent { get; set; }
    }
}
